// The editor's own building blocks: texts as the portal shows them and the diff view. The frame, the form fields and
// the error summary are the workspace kit of src/web/ui (the frame with its navigation via auth's Layout).

import type { DiffLine, FieldDiff } from './editor.diff.ts';

/** Plain text as the portal shows it: blank lines separate paragraphs, lines starting with "- " are list items. */
export function Text({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  const blocks = text.split(/\n\s*\n/);
  return (
    <>
      {blocks.map((b) => {
        const lines = b.split('\n');
        if (lines.every((l) => l.startsWith('- '))) {
          return (
            <ul class="kern-list kern-list--bullet">
              {lines.map((l) => (
                <li>{l.slice(2)}</li>
              ))}
            </ul>
          );
        }
        return <p class="kern-body ed-preline">{b}</p>;
      })}
    </>
  );
}

function DiffLines({ lines }: { lines: DiffLine[] }) {
  return (
    <div class="ed-diff">
      {lines.map((l) =>
        l.op === 'add' ? (
          <ins>
            <span class="ed-sr-only">Neu: </span>
            {l.text || ' '}
          </ins>
        ) : l.op === 'del' ? (
          <del>
            <span class="ed-sr-only">Entfernt: </span>
            {l.text || ' '}
          </del>
        ) : (
          <span>{l.text || ' '}</span>
        ),
      )}
    </div>
  );
}

export function DiffTable({ diffs, caption }: { diffs: FieldDiff[]; caption: string }) {
  if (!diffs.length) return <p class="kern-body">Keine inhaltlichen Änderungen.</p>;
  return (
    <table class="kern-table ed-table">
      <caption class="ed-sr-only">{caption}</caption>
      <thead>
        <tr class="kern-table__row">
          <th scope="col" class="kern-table__header">
            Feld
          </th>
          <th scope="col" class="kern-table__header">
            Änderung
          </th>
        </tr>
      </thead>
      <tbody>
        {diffs.map((d) => (
          <tr class="kern-table__row">
            <th scope="row" class="kern-table__header">
              {d.label}
            </th>
            <td class="kern-table__cell">
              <DiffLines lines={d.lines} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
