// Reads the seed bundle (YAML) straight into search documents, for the evaluation and the benchmark: the search
// quality of the data can be measured without a database.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SearchDocument, SynonymEntry } from '../src/features/search/search.ts';

interface RawService {
  id: string;
  tenant?: string;
  name: string;
  synonyms?: string[];
  task?: string;
  lebenslagen?: string[];
  teaser?: string;
  fullText?: string;
  documents?: string;
  prerequisites?: string;
  fees?: string;
  deadlines?: string;
  procedure?: string;
  hints?: string;
  furtherInfo?: string;
  forms?: { title: string }[];
  onlineServices?: { title: string }[];
}

export interface SeedCatalog {
  documents: SearchDocument[];
  /** Service id → owner tenant AGS. */
  owners: Map<string, string>;
}

/** The services visible in `ags` (the county's and the town's own), as search documents. */
export function loadSeedDocuments(dir: string, ags: string): SeedCatalog {
  const services: RawService[] = [];
  const lebenslagen = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()) {
    const bundle = (parse(readFileSync(join(dir, file), 'utf8')) ?? {}) as {
      services?: RawService[];
      lebenslagen?: { id: string; name: string }[];
    };
    for (const l of bundle.lebenslagen ?? []) lebenslagen.set(l.id, l.name);
    services.push(...(bundle.services ?? []));
  }
  const owners = new Map<string, string>();
  const documents: SearchDocument[] = [];
  for (const s of services) {
    const tenant = s.tenant ?? ags.slice(0, 5);
    if (!ags.startsWith(tenant)) continue;
    owners.set(s.id, tenant);
    const other = [s.documents, s.prerequisites, s.fees, s.deadlines, s.procedure, s.hints, s.furtherInfo]
      .concat(
        (s.forms ?? []).map((f) => f.title),
        (s.onlineServices ?? []).map((o) => o.title),
      )
      .filter((t): t is string => !!t);
    documents.push({
      id: s.id,
      name: s.name,
      synonyms: s.synonyms ?? [],
      lebenslagenNames: (s.lebenslagen ?? []).map((id) => lebenslagen.get(id)).filter((n): n is string => !!n),
      teaser: s.teaser ?? null,
      fullText: s.fullText ?? null,
      keywords: s.task ? [s.task.replace(/-/g, ' ')] : [],
      otherText: other.length ? other.join('\n') : null,
    });
  }
  return { documents, owners };
}

export function loadSynonymSeed(path: string): SynonymEntry[] {
  const data = (parse(readFileSync(path, 'utf8')) ?? {}) as { synonyms?: SynonymEntry[] };
  return (data.synonyms ?? []).map((e) => ({ term: String(e.term), expansions: (e.expansions ?? []).map(String) }));
}
