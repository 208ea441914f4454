import { SearchIndex } from '/work/wt-search/src/features/search/search-index.ts';
import { loadSeedDocuments, loadSynonymSeed } from '/work/wt-search/scripts/search-seed-documents.ts';
const { documents } = loadSeedDocuments('/work/wt-search/data/seed/kreis-soest', '05974040');
const index = new SearchIndex(documents, loadSynonymSeed('/work/wt-search/data/search/synonyms.yaml'));
for (const q of process.argv.slice(2)) console.log(q, JSON.stringify(index.search(q, { limit: 5 }).hits));
const ix = index as unknown as { split(s: string): string[] | null; headTerm(s: string): string | undefined; nameTerms: Map<number, string[][]>; nameActions: Map<number, Set<string>> };
for (const w of ['personalausweis', 'reisepass', 'fuehrerschein']) console.log(w, ix.split(w), ix.headTerm(w));
const i = documents.findIndex((d) => d.id === 'ausweis-verlust-melden');
console.log(JSON.stringify(ix.nameTerms.get(i)), ix.nameActions.get(i));
