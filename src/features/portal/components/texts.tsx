import { parseTexts } from '../portal.ts';

/** Catalog text: paragraphs and "- " lists (docs/data-format.md). Preact escapes every string. */
export function Texts({ text, lang }: { text: string | null | undefined; lang?: string | undefined }) {
  const blocks = parseTexts(text);
  if (blocks.length === 0) return null;
  return (
    <div class="aw-texts" lang={lang}>
      {blocks.map((b) =>
        b.type === 'p' ? (
          <p class="kern-body">{b.text}</p>
        ) : (
          <ul class="kern-list kern-list--bullet">
            {b.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
