import type { ComponentChildren } from 'preact';

/** One record of a preview or an import result: what it is, and what happens to it (neu, geändert, entfernt …). */
export interface ChangeRow {
  key: string;
  record: ComponentChildren;
  change: string;
}

/** The workspace's table of record changes, shared by the uploads' previews and results. */
export function ChangesTable({ caption, rows }: { caption: string; rows: readonly ChangeRow[] }) {
  return (
    <table class="kern-table">
      <caption class="kern-title">{caption}</caption>
      <thead class="kern-table__head">
        <tr class="kern-table__row">
          <th class="kern-table__header" scope="col">
            Datensatz
          </th>
          <th class="kern-table__header" scope="col">
            Änderung
          </th>
        </tr>
      </thead>
      <tbody class="kern-table__body">
        {rows.map((r) => (
          <tr class="kern-table__row" key={r.key}>
            <td class="kern-table__cell">{r.record}</td>
            <td class="kern-table__cell">{r.change}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
