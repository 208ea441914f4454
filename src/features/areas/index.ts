// The areas feature's public face: the register's kinds and names, the place matcher, and the areas service.

export {
  type AreaPhrases,
  areaPhrases,
  type CatalogAreaName,
  displayName,
  parseAreaName,
  withArticle,
} from './area-names.ts';
export { type AreasApiOptions, areasApi } from './areas.api.ts';
export { type MovedCandidate, movedCandidate, movedLocation } from './areas.redirects.ts';
export type { AreaAlias, AreaPlace } from './areas.repository.ts';
export {
  type AreaLink,
  type AreasService,
  createAreasService,
  dayBefore,
  type FoundArea,
  type RegisterWrite,
  type RegisterWriteResult,
  type Succession,
} from './areas.service.ts';
export { buildPlaceMatcher, type Place, type PlaceMatch, type PlaceMatcher } from './place-matcher.ts';
export { isRegisterKindCode, type RegisterKindCode, registerKind } from './register-kinds.ts';
