// PVOG and XZuFi texts are HTML fragments (both standards' real messages carry them); the catalog's texts are plain German with blank-line paragraphs and "- " list items
// (docs/data-format.md#texts). A small converter for the handful of tags those fragments use.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp === 0xa0 ? ' ' : String.fromCodePoint(cp);
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** `<p>a</p> <ul><li>b</li></ul>` → `a\n\n- b`. Nested lists are flattened; unknown tags are dropped. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|ul|ol|div|h\d)>/gi, '\n\n')
    .replace(/<(p|ul|ol|div|h\d)[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '');
  let out = decode(text)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // List items are separated by blank lines where a list was nested: join them into one list again.
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/(^|\n)(- [^\n]*)\n\n(?=- )/g, '$1$2\n');
  }
  return out;
}

/** Tags that make a text an HTML fragment; a plain text with a stray `<` (or `a < b`) is none. */
const MARKUP =
  /<\/?(p|br|ul|ol|li|b|strong|i|em|u|a|div|span|h[1-6]|sup|sub|table|thead|tbody|tr|td|th|dl|dt|dd)(\s[^>]*)?\/?>/i;

/**
 * A text that may be HTML (XZuFi's `inhalt` and `beschreibung`: real messages send HTML, ours plain text) as the
 * catalog's plain text. Only a text with markup is converted: a plain one keeps its blank-line paragraphs and list
 * lines, which `htmlToText` would fold into one line.
 */
export function plainTextOf(text: string): string {
  return MARKUP.test(text) ? htmlToText(text) : text;
}
