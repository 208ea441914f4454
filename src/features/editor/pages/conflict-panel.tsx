// The conflict panel of an edit form: the state someone else left (who, when, which version) beside the editor's own
// input, field by field, with a choice per differing field. It sits inside the form: publishing again sends the
// choices, and the versions the editor decided against travel as `_theirsBase`/`_theirsDraft` — the form's own
// `baseVersion` never silently becomes the newer one.
import { type WorkspaceFieldError as FieldError, fieldId, Hidden, Radios } from '../../../web/ui/workspace-fields.tsx';
import type { Conflict, Pick } from '../editor.conflicts.ts';
import { when } from '../editor.context.ts';

const CHANGED_BY: Record<string, string> = {
  you: 'von Ihnen geändert',
  them: 'von der anderen Seite geändert',
  both: 'auf beiden Seiten geändert',
};

function Lines({ lines }: { lines: string[] }) {
  if (!lines.length) return <em>(leer)</em>;
  return (
    <div class="ed-diff">
      {lines.map((l) => (
        <span>{l || ' '}</span>
      ))}
    </div>
  );
}

export function ConflictPanel({
  conflict,
  picks,
  errors,
}: {
  conflict: Conflict;
  picks: Readonly<Record<string, Pick>>;
  errors: FieldError[];
}) {
  const t = conflict.theirs;
  const who = t.updatedBy;
  const theirsLabel = t.kind === 'draft' ? `Entwurf von ${who}` : `Version ${t.baseVersion} von ${who}`;
  return (
    <section class="ed-fieldset" aria-labelledby="konflikt" id={fieldId('konflikt')}>
      <h2 class="kern-heading-medium" id="konflikt">
        Inzwischen geändert: Ihre Fassung und die von {who}
      </h2>
      <p class="kern-body">
        {t.kind === 'draft' ? 'Entwurf gespeichert' : `Veröffentlicht als Version ${t.baseVersion}`} von {who} am{' '}
        {when(t.updatedAt)}.
        {conflict.yourBaseVersion !== null && ` Sie haben Version ${conflict.yourBaseVersion} bearbeitet.`} Ihre
        Eingaben stehen unverändert im Formular. Wählen Sie je abweichendem Feld, welche Fassung gelten soll; erst dann
        wird gespeichert.
      </p>
      <Hidden name="_theirsBase" value={t.baseVersion} />
      <Hidden name="_theirsDraft" value={t.draftVersion} />
      {conflict.fields.length === 0 ? (
        <p class="kern-body">Beide Fassungen stimmen überein.</p>
      ) : (
        <table class="kern-table ed-table">
          <caption class="ed-sr-only">Abweichende Felder</caption>
          <thead>
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">
                Feld
              </th>
              <th scope="col" class="kern-table__header">
                Ihre Fassung
              </th>
              <th scope="col" class="kern-table__header">
                {theirsLabel}
              </th>
              <th scope="col" class="kern-table__header">
                Was soll gelten?
              </th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((f) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {f.label}
                  {f.changedBy && <div class="kern-hint">{CHANGED_BY[f.changedBy]}</div>}
                </th>
                <td class="kern-table__cell">
                  <Lines lines={f.mineLines} />
                </td>
                <td class="kern-table__cell">
                  <Lines lines={f.theirsLines} />
                </td>
                <td class="kern-table__cell">
                  <Radios
                    name={`_pick_${f.field}`}
                    legend={`${f.label}: welche Fassung?`}
                    value={picks[f.field] ?? ''}
                    errors={errors}
                    options={[
                      { value: 'mine', label: 'Meine' },
                      { value: 'theirs', label: `Die von ${who}` },
                    ]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
