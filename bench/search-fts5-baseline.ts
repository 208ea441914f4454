// The baseline the search engine is measured against: SQLite FTS5 over the same texts, tokenizer
// `unicode61 remove_diacritics 2`, ranked by bm25 with the same field weights. No stemming, no compound splitting,
// no typo tolerance: what a plain full-text index gives.
import SQLite from 'better-sqlite3';
import { FIELD_BOOSTS, type ScoredId, SEARCH_FIELDS, type SearchDocument } from '../src/features/search/search.ts';

export class Fts5Baseline {
  private readonly db: SQLite.Database;
  private readonly query: SQLite.Statement<[string, number], { id: string; score: number }>;

  constructor(documents: readonly SearchDocument[]) {
    this.db = new SQLite(':memory:');
    const columns = SEARCH_FIELDS.map((f) => `"${f}"`).join(', ');
    this.db.exec(
      `create virtual table docs using fts5(id unindexed, ${columns}, tokenize = "unicode61 remove_diacritics 2")`,
    );
    const insert = this.db.prepare(
      `insert into docs (id, ${columns}) values (?, ${SEARCH_FIELDS.map(() => '?').join(', ')})`,
    );
    this.db.transaction(() => {
      for (const d of documents) {
        insert.run(
          d.id,
          d.name,
          d.synonyms.join('\n'),
          d.lebenslagenNames.join('\n'),
          d.keywords.join('\n'),
          d.teaser ?? '',
          d.fullText ?? '',
          d.otherText ?? '',
        );
      }
    })();
    const weights = SEARCH_FIELDS.map((f) => FIELD_BOOSTS[f]).join(', ');
    this.query = this.db.prepare(
      `select id, -bm25(docs, 0, ${weights}) as score from docs where docs match ? order by bm25(docs, 0, ${weights}) limit ?`,
    );
  }

  /** Any word of the query, the last one as a prefix (as a search box would send it). */
  search(q: string, limit = 20): ScoredId[] {
    const tokens = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (tokens.length === 0) return [];
    const match = tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`).join(' OR ');
    return this.query.all(match, limit);
  }

  close(): void {
    this.db.close();
  }
}
