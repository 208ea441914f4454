// Domain records → an XZuFi 2.2 transfer message, as a stream of string chunks (one chunk per object), so that a
// catalog of any size is written with memory bounded by its largest record.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Area, Assignment, AuthorityWithAssignments, Link, Service } from '../../features/catalog/catalog.ts';
import { escapeAttr, XmlFragment } from './xml-text.ts';
import {
  FIELD_BY_TEXT_MODULE,
  KANAL,
  LIST_KANAL,
  LIST_LEIKA,
  LIST_LINKTYP,
  LIST_ONLINEDIENSTART,
  LIST_ROLLE,
  LIST_TEXTMODUL,
  LIST_TYPISIERUNG,
  LIST_VERTRAUENSNIVEAU,
  onlineServiceIds,
  parseLanguageKey,
  ROLE_CODES,
  ROLE_NAMES,
  SCHEME_LEBENSLAGE,
  STRUCTURED_MODULES,
  XZUFI_NAMESPACE,
  XZUFI_ROOT,
  XZUFI_VERSION,
  type XzufiRemoval,
} from './xzufi.ts';

export interface XzufiHeader {
  /** Unique per message; the caller supplies it (with `createdAt`) so that the output is reproducible. */
  messageId: string;
  /** ISO 8601 date-time. */
  createdAt: string;
  /** Who sends: written as `schemeAgencyID` of every id, so a receiver knows whose ids these are. */
  senderId: string;
  senderName: string;
}

type Many<T> = Iterable<T> | AsyncIterable<T>;

export interface XzufiExportInput {
  header: XzufiHeader;
  /** Every area a record refers to (tenant, unit area, assignment area): AGS → ARS for `gebietID` and addresses. */
  areas: Iterable<Pick<Area, 'ags' | 'ars'>>;
  /** Written in the order given: sort before (by id) for stable files. */
  services: Many<Service>;
  authorities: Many<AuthorityWithAssignments>;
  removals?: Iterable<XzufiRemoval>;
}

/** An area the message must name but whose ARS the caller did not supply. */
export class XzufiExportError extends Error {}

const X = (name: string) => `xzufi:${name}`;

/**
 * Yields the message in chunks. Services come first, each with its online services; then each unit with its
 * responsibilities (task assignments expanded to one per service of the task, since XZuFi has no tasks); then the
 * removals.
 */
export async function* writeXzufi(input: XzufiExportInput): AsyncGenerator<string, void, undefined> {
  const arsByAgs = new Map<string, string>();
  for (const a of input.areas) arsByAgs.set(a.ags, a.ars);
  const ars = (ags: string, what: string): string => {
    const found = arsByAgs.get(ags) ?? (ags === '00' ? '000000000000' : undefined);
    if (!found) throw new XzufiExportError(`no ARS for area ${ags} (${what}); pass it in areas`);
    return found;
  };
  const { header } = input;
  const idAttrs = { schemeAgencyID: header.senderId };

  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xzufi:${XZUFI_ROOT} xmlns:xzufi="${XZUFI_NAMESPACE}" xzufiVersion="${XZUFI_VERSION}" ` +
    `produktbezeichnung="amtsweg" produkthersteller="${escapeAttr(header.senderName)}">\n`;

  const head = new XmlFragment(1)
    .open(X('nachrichtenkopf'))
    .leaf(X('nachrichtUUID'), header.messageId)
    .leaf(X('erstellungszeitpunkt'), header.createdAt)
    .open(X('sender'))
    .leaf(X('kennung'), header.senderId)
    .leaf(X('name'), header.senderName)
    .close(X('sender'))
    .close(X('nachrichtenkopf'));
  yield head.toString();

  // Task → services, for expanding task assignments. Ids only: bounded by the number of services, not their size.
  const servicesByTask = new Map<string, string[]>();
  for await (const s of input.services) {
    if (s.task) servicesByTask.set(s.task, [...(servicesByTask.get(s.task) ?? []), s.id]);
    yield leistung(s, idAttrs).toString();
    const gebiet = ars(s.tenantAgs, `tenant of service ${s.id}`);
    const odIds = onlineServiceIds(s);
    for (const [i, o] of s.onlineServices.entries()) {
      const odId = odIds[i] as string;
      const f = new XmlFragment(1).open(X('schreibe')).open(X('onlinedienst')).leaf(X('id'), odId, idAttrs);
      f.leaf(X('bezeichnung'), o.title, { languageCode: 'de' });
      f.open(X('link')).open(X('typ'), { listURI: LIST_LINKTYP }).leaf('code', '01').close(X('typ'));
      f.leaf(X('link'), o.url).close(X('link'));
      if (o.trustLevel) code(f, 'vertrauensniveau', LIST_VERTRAUENSNIVEAU, o.trustLevel);
      code(f, 'art', LIST_ONLINEDIENSTART, o.type);
      f.close(X('onlinedienst')).close(X('schreibe'));
      yield f.toString();
      yield zustaendigkeit({ id: `${odId}@${gebiet}`, parent: odId, serviceId: s.id, gebiet }, idAttrs).toString();
    }
  }

  for await (const a of input.authorities) {
    yield organisationseinheit(a, ars(a.areaAgs, `area of unit ${a.id}`), idAttrs).toString();
    for (const x of a.assignments) {
      const gebiet = ars(x.areaAgs, `assignment ${x.id}`);
      const services = x.serviceId ? [x.serviceId] : (servicesByTask.get(x.task ?? '') ?? []);
      for (const serviceId of services) {
        const id = x.serviceId ? x.id : `${x.id}~${serviceId}`;
        yield zustaendigkeit({ id, parent: a.id, serviceId, gebiet, assignment: x }, idAttrs).toString();
      }
    }
  }

  for (const r of input.removals ?? []) {
    yield new XmlFragment(1)
      .open(X('loesche'), { klasse: r.klasse })
      .leaf(X('id'), r.id, idAttrs)
      .close(X('loesche'))
      .toString();
  }
  yield `</xzufi:${XZUFI_ROOT}>\n`;
}

/** Writes the message to a stream, waiting whenever the target's buffer is full. Returns the bytes written. */
export async function writeXzufiTo(input: XzufiExportInput, target: Writable): Promise<number> {
  let bytes = 0;
  for await (const chunk of writeXzufi(input)) {
    bytes += Buffer.byteLength(chunk);
    if (!target.write(chunk)) await once(target, 'drain');
  }
  return bytes;
}

function code(f: XmlFragment, element: string, listURI: string, value: string, name?: string): void {
  f.open(X(element), { listURI }).leaf('code', value).leaf('name', name).close(X(element));
}

function leistung(s: Service, idAttrs: Record<string, string>): XmlFragment {
  const f = new XmlFragment(1).open(X('schreibe')).open(X('leistung')).leaf(X('id'), s.id, idAttrs);
  if (s.leikaKey) code(f, 'referenzLeiKa', LIST_LEIKA, s.leikaKey);

  // code → language → text. German first, then other languages in name order; codes ascending.
  const modules = new Map<string, Map<string, string>>();
  const put = (c: string, lang: string, text: string | null | undefined) => {
    if (text === null || text === undefined || text === '') return;
    const m = modules.get(c) ?? new Map<string, string>();
    m.set(lang, text);
    modules.set(c, m);
  };
  const structured = new Map<string, Map<string, string>>();
  put('02', 'de', s.textModules['02'] ?? s.name);
  put('03', 'de', s.name);
  for (const [c, field] of Object.entries(FIELD_BY_TEXT_MODULE)) put(c, 'de', s[field]);
  for (const [key, text] of Object.entries(s.textModules)) {
    if (!/^\d{2}(_[a-z]{2,3})?$/.test(key)) continue; // not a text module key: nothing XZuFi can carry
    const { code: c, lang } = parseLanguageKey(key);
    const m = STRUCTURED_MODULES.find((x) => x.pvogCode === c);
    if (m) {
      const texts = structured.get(m.element) ?? new Map<string, string>();
      texts.set(lang, text);
      structured.set(m.element, texts);
    } else if (lang !== 'de' || (!(c in FIELD_BY_TEXT_MODULE) && c !== '02' && c !== '03')) put(c, lang, text);
  }
  const forms = s.forms;
  if (forms.length > 0 && !modules.has('14')) modules.set('14', new Map());

  for (const c of [...modules.keys()].sort()) {
    const texts = modules.get(c) as Map<string, string>;
    f.open(X('modulText'));
    code(f, 'leikaTextmodul', LIST_TEXTMODUL, c);
    for (const lang of languages(texts)) f.leaf(X('inhalt'), texts.get(lang), { languageCode: lang });
    if (c === '14') for (const link of forms) weiterfuehrenderLink(f, link);
    f.close(X('modulText'));
  }
  for (const m of STRUCTURED_MODULES) {
    const texts = structured.get(m.element) ?? new Map<string, string>();
    const de = s[m.field];
    if (de) texts.set('de', de);
    if (texts.size === 0) continue;
    f.open(X(m.element));
    for (const lang of languages(texts)) f.leaf(X('beschreibung'), texts.get(lang), { languageCode: lang });
    f.close(X(m.element));
  }
  if (s.synonyms.length > 0) {
    f.open(X('modulBegriffImKontext'));
    for (const term of s.synonyms) {
      f.open(X('begriffImKontext')).leaf(X('begriff'), term, { languageCode: 'de' }).close(X('begriffImKontext'));
    }
    f.close(X('modulBegriffImKontext'));
  }
  for (const l of s.lebenslagen) {
    f.open(X('kategorie')).open(X('klasse')).leaf(X('id'), l, { schemeAgencyID: SCHEME_LEBENSLAGE });
    f.close(X('klasse')).close(X('kategorie'));
  }
  if (s.leikaType) code(f, 'typisierung', LIST_TYPISIERUNG, s.leikaType);
  return f.close(X('leistung')).close(X('schreibe'));
}

function languages(texts: Map<string, string>): string[] {
  return [...texts.keys()].sort((a, b) => (a === 'de' ? -1 : b === 'de' ? 1 : a.localeCompare(b)));
}

function weiterfuehrenderLink(f: XmlFragment, link: Link): void {
  f.open(X('weiterfuehrenderLink')).leaf(X('uri'), link.url).leaf(X('titel'), link.title);
  f.close(X('weiterfuehrenderLink'));
}

function organisationseinheit(a: AuthorityWithAssignments, ars: string, idAttrs: Record<string, string>): XmlFragment {
  const f = new XmlFragment(1).open(X('schreibe')).open(X('organisationseinheit')).leaf(X('id'), a.id, idAttrs);
  f.leaf(X('uebergeordneteOrganisationseinheitID'), a.parentId, idAttrs);
  f.open(X('name')).leaf(X('name'), a.name, { languageCode: 'de' }).close(X('name'));
  f.open(X('anschrift'))
    .leaf(X('strasse'), a.address.street)
    .leaf(X('postleitzahl'), a.address.postcode)
    .leaf(X('ort'), a.address.city);
  const level = { 2: 'bundesland', 3: 'bezirk', 5: 'kreis', 8: 'gemeindeschluessel' }[a.areaAgs.length] ?? 'kreis';
  f.open(X('verwaltungspolitischeKodierung')).leaf(X(level), a.areaAgs).leaf(X('regionalschluessel'), ars);
  f.close(X('verwaltungspolitischeKodierung')).close(X('anschrift'));
  for (const [channel, value] of [
    [KANAL.phone, a.phone],
    [KANAL.fax, a.fax],
    [KANAL.email, a.email],
  ] as const) {
    if (!value) continue;
    f.open(X('kommunikation'));
    code(f, 'kanal', LIST_KANAL, channel);
    f.leaf(X('kennung'), value).close(X('kommunikation'));
  }
  if (a.website) f.open(X('internetadresse')).leaf(X('uri'), a.website).close(X('internetadresse'));
  if (a.openingHours || a.openingHoursNote) {
    f.open(X('oeffnungszeiten'))
      .leaf(X('osm'), a.openingHours)
      .leaf(X('hinweis'), a.openingHoursNote, { languageCode: 'de' })
      .close(X('oeffnungszeiten'));
  }
  f.leaf(X('barrierefreiheit'), a.accessibility, { languageCode: 'de' });
  return f.close(X('organisationseinheit')).close(X('schreibe'));
}

function zustaendigkeit(
  z: { id: string; parent: string; serviceId: string; gebiet: string; assignment?: Assignment },
  idAttrs: Record<string, string>,
): XmlFragment {
  const f = new XmlFragment(1).open(X('schreibe')).open(X('zustaendigkeitTransferObjekt'));
  f.leaf(X('uebergeordnetesObjektID'), z.parent, idAttrs).open(X('zustaendigkeit'));
  f.leaf(X('id'), z.id, idAttrs).leaf(X('leistungID'), z.serviceId, idAttrs).leaf(X('gebietID'), z.gebiet);
  const x = z.assignment;
  if (x) {
    const role = ROLE_CODES[x.role];
    code(f, 'rolle', LIST_ROLLE, role, ROLE_NAMES[role]);
    if (x.deepLink) f.open(X('weiterfuehrenderLink')).leaf(X('uri'), x.deepLink).close(X('weiterfuehrenderLink'));
    f.leaf(X('hinweis'), x.note, { languageCode: 'de' });
  }
  return f.close(X('zustaendigkeit')).close(X('zustaendigkeitTransferObjekt')).close(X('schreibe'));
}
