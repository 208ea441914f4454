// The search's own vocabulary beyond the catalog: which authority names stand for which services (the index gets
// services without their responsible units) and which words are place names. Data in data/search/authorities.yaml;
// parsing is pure, the default file is read once on first use.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ValidationError } from '../../shared/errors.ts';
import { normalise } from './german-text.ts';

export const AUTHORITY_VOCABULARY = fileURLToPath(new URL('../../../data/search/authorities.yaml', import.meta.url));

export interface AuthorityEntry {
  /** What citizens call the office ("Straßenverkehrsamt", "Zulassungsstelle"). */
  names: string[];
  /** Task codes of the services it handles ("strassenverkehr"). */
  tasks: string[];
  /** Single services it handles that have no task. */
  services: string[];
  /** What most people come to this office for: ranked first when the query is the office's name. */
  main: string[];
}

export interface SearchVocabulary {
  authorities: AuthorityEntry[];
  /** Place names: in a query they say where, not what. */
  places: string[];
}

export const EMPTY_VOCABULARY: SearchVocabulary = { authorities: [], places: [] };

function stringList(value: unknown, record: string, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => (typeof v !== 'string' && typeof v !== 'number') || String(v) === ''))
    throw new ValidationError(`${record}: ${field} must be a list of non-empty strings`, [
      { record, field, message: 'must be a list of non-empty strings' },
    ]);
  return value.map(String);
}

/** Reads the `amtsweg-search-authorities/1` format; throws a ValidationError naming the bad record. */
export function parseSearchVocabulary(text: string, source = 'authorities'): SearchVocabulary {
  const data = (parse(text) ?? {}) as { authorities?: unknown; places?: unknown };
  if (data.authorities !== undefined && !Array.isArray(data.authorities))
    throw new ValidationError(`${source}: "authorities" must be a list`, [
      { field: 'authorities', message: 'must be a list' },
    ]);
  const authorities = ((data.authorities ?? []) as unknown[]).map((raw, i) => {
    const record = `${source}: authorities[${i}]`;
    const entry = (raw ?? {}) as Record<string, unknown>;
    const names = stringList(entry.names, record, 'names');
    const tasks = stringList(entry.tasks, record, 'tasks');
    const services = stringList(entry.services, record, 'services');
    const main = stringList(entry.main, record, 'main');
    if (names.length === 0 || tasks.length + services.length === 0)
      throw new ValidationError(`${record}: needs names and at least one task or service`, [
        { record, field: 'names', message: 'needs names and at least one of tasks, services' },
      ]);
    return { names, tasks, services, main };
  });
  return { authorities, places: stringList(data.places, source, 'places') };
}

let defaultVocabulary: SearchVocabulary | undefined;

/** data/search/authorities.yaml, read once per process. */
export function loadDefaultVocabulary(): SearchVocabulary {
  defaultVocabulary ??= parseSearchVocabulary(readFileSync(AUTHORITY_VOCABULARY, 'utf8'), AUTHORITY_VOCABULARY);
  return defaultVocabulary;
}

/** The authority names indexed with each service: by service id and by task (keyword, normalised). */
export class AuthorityNames {
  private readonly byTask = new Map<string, string[]>();
  private readonly byService = new Map<string, string[]>();
  private readonly mainOf = new Map<string, string[]>();

  constructor(entries: readonly AuthorityEntry[]) {
    const add = (map: Map<string, string[]>, key: string, names: string[]) =>
      map.set(key, [...(map.get(key) ?? []), ...names]);
    for (const e of entries) {
      for (const t of e.tasks) add(this.byTask, normalise(t), e.names);
      for (const s of e.services) add(this.byService, s, e.names);
      for (const s of e.main) add(this.mainOf, s, e.names);
    }
  }

  /** Names of the offices handling a service with this id and these keywords (task codes). */
  namesFor(id: string, keywords: readonly string[]): string[] {
    const out = new Set(this.byService.get(id) ?? []);
    for (const k of keywords) for (const n of this.byTask.get(normalise(k)) ?? []) out.add(n);
    return [...out];
  }

  /** Names of the offices for which this service is what most people come for. */
  mainFor(id: string): string[] {
    return this.mainOf.get(id) ?? [];
  }
}
