export { areaSlug, type RegisterChangeSet, registerChangeSet } from './gv100ad.changeset.ts';
export { type Gv100ImportResult, importGv100ad } from './gv100ad.import.ts';
export { placesFromTree } from './gv100ad.places.ts';
export type { Gv100Register, Gv100Source } from './gv100ad.reader.ts';
export { loadGv100ad, readGv100ad } from './gv100ad.reader.ts';
export type { AreaTree, AreaTreeNode, TreeLevel } from './gv100ad.tree.ts';
export { BUND_KEY, buildAreaTree } from './gv100ad.tree.ts';
export type {
  GemeindeRecord,
  GemeindeverbandRecord,
  Gv100Record,
  KreisRecord,
  LandRecord,
  ParsedLine,
  RegierungsbezirkRecord,
  RegionRecord,
  Satzart,
} from './gv100ad.ts';
export { parseGv100adLine, RECORD_LENGTH, SATZARTEN } from './gv100ad.ts';
