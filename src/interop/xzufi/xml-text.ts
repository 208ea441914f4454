// Minimal, strict XML text building for the writer: escaping and indentation, nothing else.

// Characters XML 1.0 cannot carry at all (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF).
// Built from code points, so that no control character has to appear literally in a pattern.
const CONTROLS = Array.from({ length: 32 }, (_, i) => i)
  .filter((i) => i !== 0x09 && i !== 0x0a && i !== 0x0d)
  .map((i) => String.fromCharCode(i))
  .join('');
const FORBIDDEN = new RegExp(
  `[${CONTROLS}\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
  'g',
);

/** Escapes element content. CR is written as a reference because parsers would otherwise normalise it away. */
export function escapeText(value: string): string {
  return value
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted); whitespace is referenced so that attribute normalisation keeps it. */
export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

export type Attrs = Record<string, string | undefined>;

function attrs(a: Attrs | undefined): string {
  if (!a) return '';
  let out = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out += ` ${k}="${escapeAttr(v)}"`;
  return out;
}

/**
 * Builds one pretty-printed fragment line by line. Names are passed with their prefix (`xzufi:id`, or `code` for the
 * unqualified children of XÖV code types).
 */
export class XmlFragment {
  private out: string[] = [];
  private depth: number;

  constructor(depth = 0) {
    this.depth = depth;
  }

  open(name: string, a?: Attrs): this {
    this.out.push(`${'  '.repeat(this.depth)}<${name}${attrs(a)}>`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.out.push(`${'  '.repeat(this.depth)}</${name}>`);
    return this;
  }

  /** A leaf; skipped when the value is null or undefined (XZuFi has no nil elements we need). */
  leaf(name: string, value: string | null | undefined, a?: Attrs): this {
    if (value === null || value === undefined) return this;
    this.out.push(`${'  '.repeat(this.depth)}<${name}${attrs(a)}>${escapeText(value)}</${name}>`);
    return this;
  }

  toString(): string {
    return this.out.length ? `${this.out.join('\n')}\n` : '';
  }
}
