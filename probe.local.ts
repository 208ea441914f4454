import { loadSeedDocuments, loadSynonymSeed } from './scripts/search-seed-documents.ts';
import { SearchIndex } from './src/features/search/search-index.ts';
process.chdir('/work/wt-search');
const { documents } = loadSeedDocuments('data/seed/kreis-soest', '05974040');
const index = new SearchIndex(documents, loadSynonymSeed('data/search/synonyms.yaml'));
for (const q of process.argv.slice(2)) {
  const r = index.search(q, { limit: 5 });
  console.log(`${q} → ${r.hits.map((h) => `${h.id}(${h.score})`).join(', ')}${r.didYouMean ? ` [dym ${r.didYouMean}]` : ''}`);
}
