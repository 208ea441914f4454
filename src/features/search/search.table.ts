// Tables of the search feature. Portable types only: text, integer; timestamps are ISO-8601 text.

/** Everyday words and what they stand for in the catalog, editable by editors (seeded from data/search/synonyms.yaml). */
export interface SearchSynonymTable {
  /** The normalised term (see normalise()): one row per term, so adding the same word twice updates it. */
  key: string;
  /** The term as the editor wrote it. */
  term: string;
  /** JSON array of strings. */
  expansions: string;
  createdAt: string;
  updatedAt: string;
}

/** Queries that found nothing, counted per area: what people miss. No personal data: normalised text, area, count. */
export interface SearchMissTable {
  query: string;
  areaAgs: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}
