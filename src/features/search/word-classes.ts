// Word classes of the query: which words say *what* a citizen needs (the object: "Reisepass", "Hund") and which only
// say what they want to do with it ("verlängern", "beantragen") or where they are ("nach Geseke"). The object decides
// the ranking; the others only break ties between services about the same object. Pure: no I/O.
import { prepare, term } from './german-text.ts';

export type WordClass = 'object' | 'intent' | 'place';

// Action words and their nouns, as citizens type them. Deliberately general German administrative verbs, no
// service names: "verloren" stays a (weak) signal for "Verlust", "anmelden" still separates "Wohnsitz anmelden" from
// "Wohnsitz abmelden" when the object is the same.
const INTENT_WORDS = `
  beantragen beantrage beantragt beantragung antrag anträge antrags antragstellung
  verlängern verlängere verlängert verlängerung erneuern erneuert erneuerung
  verloren verlieren verlust
  anmelden anmeldung angemeldet abmelden abmeldung abgemeldet ummelden ummeldung umgemeldet
  ändern ändere geändert änderung änderungen melden meldung gemeldet
  ausstellen ausgestellt ausstellung bekommen bekomme kriegen erhalten holen abholen besorgen
  machen mache gemacht tun erledigen einreichen stellen
  termin termine online formular formulare unterlagen
  neu neue neuen neuer neues
`;

let intentTerms: ReadonlySet<string> | undefined;

/** Index terms (folded stems) of the intent words: "verlängern", "Verlängerung" and "verlaengert" are one class. */
export function intentTermSet(): ReadonlySet<string> {
  intentTerms ??= new Set(
    INTENT_WORDS.trim()
      .split(/\s+/)
      .map((w) => term(prepare(w))),
  );
  return intentTerms;
}

/** The class of a query term: intent, place (one of `places`, as terms), or the object of the query. */
export function wordClass(t: string, places: ReadonlySet<string>): WordClass {
  if (intentTermSet().has(t)) return 'intent';
  if (places.has(t)) return 'place';
  return 'object';
}
