// The search feature's public face.
export { MAX_QUERY_LENGTH, normalise } from './german-text.ts';
export { type SearchApiDeps, type SearchMissesApiDeps, searchApi, searchMissesApi } from './search.api.ts';
export { SYNONYMS_SCOPE } from './search.repository.ts';
export {
  createSearchService,
  type SearchService,
  type SearchServiceOptions,
  SYNONYM_SEED,
  SynonymNotFoundError,
} from './search.service.ts';
export type { SearchDocument, SearchResult, Suggestion } from './search.ts';
