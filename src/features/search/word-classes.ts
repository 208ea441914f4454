// Word classes of the query: which words say *what* a citizen needs (the object: "Reisepass", "Hund") and which only
// say what they want to do with it ("verlängern", "beantragen") or where they are ("nach Geseke"). The object decides
// the ranking; the others only break ties between services about the same object. Pure: no I/O.
import { prepare, term } from './german-text.ts';

export type WordClass = 'object' | 'intent' | 'place' | 'person';

// Action words and their nouns, as citizens type them. Deliberately general German administrative verbs, no
// service names: "verloren" stays a (weak) signal for "Verlust", "anmelden" still separates "Wohnsitz anmelden" from
// "Wohnsitz abmelden" when the object is the same.
const INTENT_WORDS = `
  beantragen beantrage beantragt beantragung antrag anträge antrags antragstellung
  verlängern verlängere verlängert verlängerung erneuern erneuert erneuerung
  verloren verlieren verlust
  anmelden anmeldung angemeldet abmelden abmeldung abgemeldet ummelden ummeldung umgemeldet
  ändern ändere geändert änderung änderungen melden meldung gemeldet
  anzeigen angezeigt
  abfragen abfrage anfordern angefordert einsehen einsicht
  ausstellen ausgestellt ausstellung bekommen bekomme kriegen erhalten holen abholen besorgen
  machen mache macht gemacht tun erledigen einreichen stellen
  termin termine online formular formulare unterlagen
  neu neue neuen neuer neues
  apply application applying renew renewal extend extension replace replacement request report change get
  register registration
`;

// Actions whose service is a different one than the plain service about the same object: a lost Personalausweis is
// reported as lost ("Verlust … melden"), a residence permit is extended ("… verlängern"). When a query says one of
// these, services whose name says it too come first (search-index.ts); the words are intent words as well.
const ACTION_WORDS = {
  loss: 'verloren verlorene verlieren verlust gestohlen gestohlene geklaut diebstahl abhanden lost stolen loss theft',
  renewal: 'verlängern verlängere verlängert verlängerung erneuern erneuert erneuerung renew renewal extend extension',
} as const;
export type ActionClass = keyof typeof ACTION_WORDS;
export const ACTION_CLASSES = Object.keys(ACTION_WORDS) as ActionClass[];

// Relatives and other people in a situation ("mutter braucht pflege", "vater gestorben", "mein mann schlägt mich")
// say who is concerned, not what is needed: they weigh like places. Alone ("Vater") they still count fully.
const PERSON_WORDS = `
  mutter mama vater papa eltern oma opa großmutter großvater mann frau ehemann ehefrau partner partnerin freund
  freundin sohn tochter bruder schwester onkel tante
`;

let actionTerms: ReadonlyMap<string, ActionClass> | undefined;
let personTerms: ReadonlySet<string> | undefined;

function termsOf(list: string): string[] {
  return list
    .trim()
    .split(/\s+/)
    .map((w) => term(prepare(w)));
}

/** The action class of a term (folded stem), if it says "lost" or "renew". */
export function actionClass(t: string): ActionClass | undefined {
  actionTerms ??= new Map(ACTION_CLASSES.flatMap((c) => termsOf(ACTION_WORDS[c]).map((t) => [t, c] as const)));
  return actionTerms.get(t);
}

let intentTerms: ReadonlySet<string> | undefined;

/** Index terms (folded stems) of the intent words: "verlängern", "Verlängerung" and "verlaengert" are one class. */
export function intentTermSet(): ReadonlySet<string> {
  intentTerms ??= new Set([...termsOf(INTENT_WORDS), ...ACTION_CLASSES.flatMap((c) => termsOf(ACTION_WORDS[c]))]);
  return intentTerms;
}

/** The class of a query term: intent, place (one of `places`, as terms), or the object of the query. */
export function wordClass(t: string, places: ReadonlySet<string>): WordClass {
  if (intentTermSet().has(t)) return 'intent';
  if (places.has(t)) return 'place';
  personTerms ??= new Set(termsOf(PERSON_WORDS));
  if (personTerms.has(t)) return 'person';
  return 'object';
}
