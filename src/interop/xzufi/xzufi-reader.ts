// XZuFi 2.2 transfer message → XZuFi records, streaming: the XML is parsed chunk by chunk with saxes and only the
// object being read (one `schreibe` or `loesche`) is held as a small tree, so memory does not grow with the file.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ValidationError } from '../../shared/errors.ts';
import { normaliseLanguage, XZUFI_NAMESPACE } from './xzufi.ts';

export interface Position {
  line: number;
  column: number;
}

/** One problem with the message: where, which object, what. Collected, never thrown one by one. */
export interface XzufiProblem extends Position {
  klasse: string;
  objectId: string | null;
  message: string;
}

export interface LangText {
  lang: string;
  text: string;
}
export interface RecordLink {
  url: string;
  title: string | null;
}

export interface HeaderRecord {
  kind: 'header';
  at: Position;
  messageId: string | null;
  createdAt: string | null;
  senderId: string | null;
  senderName: string | null;
}
export interface LeistungRecord {
  kind: 'leistung';
  at: Position;
  id: string;
  leikaKeys: string[];
  modules: { code: string; at: Position; texts: LangText[]; links: RecordLink[] }[];
  structured: { element: string; texts: LangText[] }[];
  synonyms: string[];
  lebenslagen: string[];
  typisierung: { code: string; at: Position }[];
}
export interface OrganisationseinheitRecord {
  kind: 'organisationseinheit';
  at: Position;
  id: string;
  parentId: string | null;
  name: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  ags: string | null;
  ars: string | null;
  channels: { code: string; value: string }[];
  website: string | null;
  openingHours: string | null;
  openingHoursNote: string | null;
  accessibility: string | null;
}
export interface ZustaendigkeitRecord {
  kind: 'zustaendigkeit';
  at: Position;
  id: string;
  parentId: string | null;
  leistungId: string | null;
  gebietIds: string[];
  rolle: string | null;
  deepLink: string | null;
  note: string | null;
}
export interface OnlinedienstRecord {
  kind: 'onlinedienst';
  at: Position;
  id: string;
  title: string | null;
  urls: string[];
  trustLevel: string | null;
  art: string | null;
}
export interface LoescheRecord {
  kind: 'loesche';
  at: Position;
  klasse: string;
  id: string;
}
/** An object amtsweg does not map (e.g. `spezialisierung`): reported, not an error. */
export interface OtherRecord {
  kind: 'other';
  at: Position;
  element: string;
  id: string | null;
}
export type XzufiRecord =
  | HeaderRecord
  | LeistungRecord
  | OrganisationseinheitRecord
  | ZustaendigkeitRecord
  | OnlinedienstRecord
  | LoescheRecord
  | OtherRecord;

/** The message could not be read or mapped; `issues` name line, column and object of every problem. */
export class XzufiImportError extends ValidationError {
  readonly problems: XzufiProblem[];

  constructor(problems: XzufiProblem[], omitted = 0) {
    const more = omitted > 0 ? ` (and ${omitted} more not listed)` : '';
    super(
      `the XZuFi message has ${problems.length + omitted} problem(s)${more}; nothing was imported`,
      problems.map((p) => ({
        record: `${p.klasse}${p.objectId ? ` "${p.objectId}"` : ''} (line ${p.line}, column ${p.column})`,
        field: '(xml)',
        message: p.message,
      })),
    );
    this.problems = problems;
  }
}

export interface XzufiReadOptions {
  /** Size of the source in bytes, for the progress callback. */
  totalBytes?: number;
  /** Called after every chunk with the bytes read so far. */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Where problems go; when absent, the reader throws `XzufiImportError` at the end if there were any. */
  problems?: XzufiProblem[];
}

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
  line: number;
  column: number;
}

const MAX_PROBLEMS = 1000;
/** Bytes decoded and parsed at a time (see below). */
const PIECE = 16 * 1024;

/**
 * Reads a message from a byte or string stream (e.g. `fs.createReadStream(path)`) and yields its objects in
 * document order. Well-formedness problems stop the reading (what follows a broken tag cannot be trusted).
 */
export async function* readXzufiRecords(
  source: AsyncIterable<Uint8Array | string>,
  options: XzufiReadOptions = {},
): AsyncGenerator<XzufiRecord, void, undefined> {
  const problems = options.problems ?? [];
  const own = options.problems === undefined;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const queue: XzufiRecord[] = [];
  const stack: Node[] = [];
  let depth = 0;
  let broken = false;
  let startLine = 1;
  let startColumn = 1;
  const problem = (p: XzufiProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  parser.on('error', (e) => {
    if (broken) return;
    broken = true;
    problem({
      line: parser.line,
      column: parser.column + 1,
      klasse: '(xml)',
      objectId: null,
      message: `not well-formed XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`,
    });
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
    startColumn = Math.max(1, parser.column - 1);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++;
    if (depth === 1) {
      if (tag.uri !== XZUFI_NAMESPACE) {
        broken = true;
        problem({
          line: startLine,
          column: startColumn,
          klasse: '(message)',
          objectId: null,
          message: `root element <${tag.name}> is in namespace "${tag.uri}"; an XZuFi 2.2 message uses "${XZUFI_NAMESPACE}"`,
        });
      }
      const version = tag.attributes.xzufiVersion?.value;
      if (version !== undefined && !/^2\.2(\.\d+)?$/.test(version)) {
        problem({
          line: startLine,
          column: startColumn,
          klasse: '(message)',
          objectId: null,
          message: `xzufiVersion "${version}" is not supported; allowed: 2.2, 2.2.x`,
        });
      }
      return;
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes))
      if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    const node: Node = { name: tag.local, attrs, children: [], text: '', line: startLine, column: startColumn };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    depth--;
    if (depth === 0) return;
    const node = stack.pop() as Node;
    if (depth === 1 && !broken) toRecords(node, queue, problem);
  });

  const decoder = new TextDecoder('utf-8', { fatal: false });
  let read = 0;
  for await (const chunk of source) {
    if (broken) break;
    read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (typeof chunk === 'string') parser.write(chunk);
    else {
      // Decoded in pieces: a string above ~128 KB goes straight to V8's large-object space, which only a full
      // collection frees, so every 256 KB chunk of a file stream lingered until then (tens of MB on a large file);
      // pieces of 16 KB are young objects that die in the next scavenge once nothing keeps a slice of them.
      for (let at = 0; at < chunk.byteLength; at += PIECE)
        parser.write(decoder.decode(chunk.subarray(at, at + PIECE), { stream: true }));
    }
    options.onProgress?.(read, options.totalBytes);
    while (queue.length > 0 && !broken) yield queue.shift() as XzufiRecord;
  }
  if (!broken) {
    parser.write(decoder.decode());
    parser.close();
    if (!broken && depth !== 0) broken = true;
    while (queue.length > 0 && !broken) yield queue.shift() as XzufiRecord;
  }
  if (own && problems.length > 0) throw new XzufiImportError(problems);
}

// ---- tree → records -------------------------------------------------------------------------------------------

const kids = (n: Node | undefined, name: string): Node[] => (n ? n.children.filter((c) => c.name === name) : []);
const kid = (n: Node | undefined, name: string): Node | undefined => n?.children.find((c) => c.name === name);
/**
 * A copy that holds on to nothing else. saxes hands out text as slices of the chunk it is parsing, and a slice keeps
 * its whole parent string alive in V8: every text a record kept pinned a 256 KB chunk, so a large import held the
 * file's text several times over (1 GB peak for a 200 MB message). Concatenating flattens into a string of its own.
 */
const detach = (s: string): string => (s.length > 12 ? ` ${s}`.slice(1) : s);
const text = (n: Node | undefined): string | null => {
  const t = n?.text.trim();
  return t ? detach(t) : null;
};
const at = (n: Node): Position => ({ line: n.line, column: n.column });
/** An XÖV code value: the unqualified `code` child, or the element's own text in sloppy dumps. */
const codeOf = (n: Node | undefined): string | null => text(kid(n, 'code')) ?? (n?.children.length ? null : text(n));
const langTexts = (nodes: Node[]): LangText[] =>
  nodes.flatMap((n) => {
    const t = text(n);
    return t === null ? [] : [{ lang: normaliseLanguage(n.attrs.languageCode ?? n.attrs.lang), text: t }];
  });
/** German text of a multi-language element, else the first language there is. */
const german = (nodes: Node[]): string | null => {
  const all = langTexts(nodes);
  return (all.find((t) => t.lang === 'de') ?? all[0])?.text ?? null;
};

function toRecords(node: Node, out: XzufiRecord[], problem: (p: XzufiProblem) => void): void {
  if (node.name === 'nachrichtenkopf') {
    const sender = kid(node, 'sender') ?? kid(node, 'autor');
    out.push({
      kind: 'header',
      at: at(node),
      messageId: text(kid(node, 'nachrichtUUID')),
      createdAt: text(kid(node, 'erstellungszeitpunkt')),
      senderId: text(kid(sender, 'kennung')),
      senderName: text(kid(sender, 'name')),
    });
    return;
  }
  if (node.name === 'loesche') {
    const id = text(kid(node, 'id'));
    const klasse = (node.attrs.klasse ? detach(node.attrs.klasse) : null) ?? text(kid(node, 'klasse'));
    if (!id || !klasse) {
      problem({ ...at(node), klasse: 'loesche', objectId: id, message: 'loesche needs a klasse attribute and an id' });
      return;
    }
    out.push({ kind: 'loesche', at: at(node), klasse, id });
    return;
  }
  if (node.name !== 'schreibe') return; // transaktionID and the like: nothing to map
  for (const obj of node.children) {
    const id =
      text(kid(obj, 'id')) ??
      (obj.name === 'zustaendigkeitTransferObjekt' ? text(kid(kid(obj, 'zustaendigkeit'), 'id')) : null);
    if (!id) {
      problem({ ...at(obj), klasse: obj.name, objectId: null, message: `${obj.name} has no id` });
      continue;
    }
    switch (obj.name) {
      case 'leistung':
        out.push(leistung(obj, id));
        break;
      case 'organisationseinheit':
        out.push(organisationseinheit(obj, id));
        break;
      case 'zustaendigkeitTransferObjekt':
        out.push(zustaendigkeit(obj, id));
        break;
      case 'onlinedienst': {
        const links = kids(obj, 'link');
        out.push({
          kind: 'onlinedienst',
          at: at(obj),
          id,
          title: german(kids(obj, 'bezeichnung')),
          // Real dumps nest <link><typ/><link>url</link></link>; a bare <link>url</link> is accepted too.
          urls: links.map((l) => text(kid(l, 'link')) ?? text(l)).filter((u): u is string => u !== null),
          trustLevel: codeOf(kid(obj, 'vertrauensniveau')),
          art: codeOf(kid(obj, 'art')),
        });
        break;
      }
      default:
        out.push({ kind: 'other', at: at(obj), element: obj.name, id });
    }
  }
}

function leistung(n: Node, id: string): LeistungRecord {
  return {
    kind: 'leistung',
    at: at(n),
    id,
    leikaKeys: kids(n, 'referenzLeiKa')
      .map(codeOf)
      .filter((k): k is string => k !== null),
    modules: kids(n, 'modulText').map((m) => ({
      code: codeOf(kid(m, 'leikaTextmodul')) ?? '',
      at: at(m),
      texts: langTexts(kids(m, 'inhalt')),
      links: kids(m, 'weiterfuehrenderLink').flatMap((l) => {
        const url = text(kid(l, 'uri'));
        return url ? [{ url, title: text(kid(l, 'titel')) }] : [];
      }),
    })),
    structured: ['modulKosten', 'modulFrist', 'modulBearbeitungsdauer'].flatMap((element) =>
      kids(n, element).map((m) => ({ element, texts: langTexts([...kids(m, 'beschreibung'), ...kids(m, 'inhalt')]) })),
    ),
    synonyms: kids(n, 'modulBegriffImKontext')
      .flatMap((m) => kids(m, 'begriffImKontext'))
      .flatMap((b) => langTexts(kids(b, 'begriff')))
      .filter((t) => t.lang === 'de')
      .map((t) => t.text),
    lebenslagen: kids(n, 'kategorie')
      .flatMap((k) => kids(k, 'klasse'))
      .flatMap((k) => kids(k, 'id'))
      .filter((i) => i.attrs.schemeAgencyID === 'amtsweg:lebenslage')
      .map(text)
      .filter((t): t is string => t !== null),
    typisierung: kids(n, 'typisierung').flatMap((t) => {
      const c = codeOf(t);
      return c === null ? [] : [{ code: c, at: at(t) }];
    }),
  };
}

function organisationseinheit(n: Node, id: string): OrganisationseinheitRecord {
  const address = kids(n, 'anschrift')[0];
  const coding = kid(address, 'verwaltungspolitischeKodierung');
  const street = text(kid(address, 'strasse'));
  const number = text(kid(address, 'hausnummer'));
  const hours = kid(n, 'oeffnungszeiten');
  return {
    kind: 'organisationseinheit',
    at: at(n),
    id,
    parentId: text(kid(n, 'uebergeordneteOrganisationseinheitID')),
    name: german(kids(kid(n, 'name'), 'name')) ?? text(kid(n, 'name')),
    street: street && number ? `${street} ${number}` : street,
    postcode: text(kid(address, 'postleitzahl')),
    city: text(kid(address, 'ort')),
    ags:
      text(kid(coding, 'gemeindeschluessel')) ??
      text(kid(coding, 'kreis')) ??
      text(kid(coding, 'bezirk')) ??
      text(kid(coding, 'bundesland')),
    ars: text(kid(coding, 'regionalschluessel')),
    channels: kids(n, 'kommunikation').flatMap((k) => {
      const c = codeOf(kid(k, 'kanal'));
      const v = text(kid(k, 'kennung'));
      return c && v ? [{ code: c, value: v }] : [];
    }),
    website: text(kid(kid(n, 'internetadresse'), 'uri')) ?? text(kid(n, 'internetadresse')),
    openingHours: text(kid(hours, 'osm')),
    openingHoursNote: german(kids(hours, 'hinweis')),
    accessibility: german(kids(n, 'barrierefreiheit')),
  };
}

function zustaendigkeit(n: Node, id: string): ZustaendigkeitRecord {
  const z = kid(n, 'zustaendigkeit') ?? n;
  return {
    kind: 'zustaendigkeit',
    at: at(n),
    id,
    parentId: text(kid(n, 'uebergeordnetesObjektID')),
    leistungId: text(kid(z, 'leistungID')),
    gebietIds: kids(z, 'gebietID')
      .map(text)
      .filter((t): t is string => t !== null),
    rolle: codeOf(kid(z, 'rolle')),
    deepLink: text(kid(kid(z, 'weiterfuehrenderLink'), 'uri')),
    note: german(kids(z, 'hinweis')),
  };
}
