// English names and terms of services, and general English words → German catalog words, so that English queries
// ("birth certificate", "dog tax") find the German service. Data in data/search/english.yaml (`id`, `name`, `terms`
// per service: the same entries can later give the /en portal its English names). Parsing is pure; the default
// file is read once on first use.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ValidationError } from '../../shared/errors.ts';
import { normalise } from './german-text.ts';
import type { SynonymEntry } from './search.ts';

export const ENGLISH_VOCABULARY = fileURLToPath(new URL('../../../data/search/english.yaml', import.meta.url));

export interface EnglishServiceEntry {
  /** A service id, or … */
  id?: string;
  /** … a task code: every service of the task. */
  task?: string;
  /** The service's English name ("Apply for a birth certificate"). */
  name: string;
  /** Further English words people type for it. */
  terms: string[];
}

export interface EnglishVocabulary {
  services: EnglishServiceEntry[];
  /** General English words and the German catalog words they stand for ("tax" → "Steuer"). */
  words: SynonymEntry[];
}

export const EMPTY_ENGLISH: EnglishVocabulary = { services: [], words: [] };

// English function words: in a query they say nothing about the service ("register *my* address", "leave *the*
// church"). Only words that are no German content words.
const ENGLISH_STOPWORDS = new Set(
  `a the my our your his her their of for to on at by with from how do does can i me we you want need please is are
  what where which who or and an in`
    .trim()
    .split(/\s+/),
);

/** Whether a folded query word is an English function word. */
export function isEnglishStopword(folded: string): boolean {
  return ENGLISH_STOPWORDS.has(folded);
}

function strings(value: unknown, record: string, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === ''))
    throw new ValidationError(`${record}: ${field} must be a list of non-empty strings`, [
      { record, field, message: 'must be a list of non-empty strings' },
    ]);
  return value as string[];
}

/** Reads the `amtsweg-search-english/1` format; throws a ValidationError naming the bad record and what is allowed. */
export function parseEnglishVocabulary(text: string, source = 'english'): EnglishVocabulary {
  const data = (parse(text) ?? {}) as { services?: unknown; words?: unknown };
  for (const key of ['services', 'words'] as const) {
    if (data[key] !== undefined && !Array.isArray(data[key]))
      throw new ValidationError(`${source}: "${key}" must be a list`, [{ field: key, message: 'must be a list' }]);
  }
  const services = ((data.services ?? []) as unknown[]).map((raw, i) => {
    const record = `${source}: services[${i}]`;
    const e = (raw ?? {}) as Record<string, unknown>;
    const id = typeof e.id === 'string' && e.id !== '' ? e.id : undefined;
    const task = typeof e.task === 'string' && e.task !== '' ? e.task : undefined;
    if ((id === undefined) === (task === undefined))
      throw new ValidationError(`${record}: needs exactly one of "id" (a service id) or "task" (a task code)`, [
        { record, field: 'id', message: 'needs exactly one of id, task' },
      ]);
    if (typeof e.name !== 'string' || e.name.trim() === '')
      throw new ValidationError(`${record}: needs a "name" (the English name of the service)`, [
        { record, field: 'name', message: 'must be a non-empty string' },
      ]);
    return { ...(id ? { id } : { task }), name: e.name, terms: strings(e.terms, record, 'terms') };
  });
  const words = ((data.words ?? []) as unknown[]).map((raw, i) => {
    const record = `${source}: words[${i}]`;
    const e = (raw ?? {}) as Record<string, unknown>;
    const de = strings(e.de, record, 'de');
    if (typeof e.en !== 'string' || e.en.trim() === '' || de.length === 0)
      throw new ValidationError(`${record}: needs "en" (an English word) and "de" (a list of German words)`, [
        { record, field: 'en', message: 'needs en and a non-empty de list' },
      ]);
    return { term: e.en, expansions: de };
  });
  return { services, words };
}

let defaultEnglish: EnglishVocabulary | undefined;

/** data/search/english.yaml, read once per process. */
export function loadDefaultEnglish(): EnglishVocabulary {
  defaultEnglish ??= parseEnglishVocabulary(readFileSync(ENGLISH_VOCABULARY, 'utf8'), ENGLISH_VOCABULARY);
  return defaultEnglish;
}

/** The English names and terms of a service, by its id and task code. */
export class EnglishNames {
  private readonly byId = new Map<string, string[]>();
  private readonly byTask = new Map<string, string[]>();

  constructor(entries: readonly EnglishServiceEntry[]) {
    for (const e of entries) {
      const map = e.id !== undefined ? this.byId : this.byTask;
      const key = e.id ?? normalise(e.task ?? '');
      map.set(key, [...(map.get(key) ?? []), e.name, ...e.terms]);
    }
  }

  /** The English texts indexed for a service with this id and these keywords (task codes). */
  textsFor(id: string, keywords: readonly string[]): string[] {
    const out = [...(this.byId.get(id) ?? [])];
    for (const k of keywords) out.push(...(this.byTask.get(normalise(k)) ?? []));
    return out;
  }
}
