export interface FieldError {
  /** The id of the field the error is about; the summary links to it. */
  field: string;
  message: string;
}

/**
 * GOV.UK-style error summary: first thing in <main>, each error a link to its field; portal.js moves focus here
 * (`data-error-summary`). The one summary of portal, checklist and editor forms; the caller passes the title in its
 * page's language.
 */
export function ErrorSummary({ title, errors }: { title: string; errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div
      class="kern-alert kern-alert--danger aw-error-summary"
      role="alert"
      tabindex={-1}
      aria-labelledby="fehler-titel"
      data-error-summary=""
    >
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="fehler-titel">
          {title}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="aw-error-summary__list">
          {errors.map((e) => (
            <li>
              <a class="kern-link" href={`#${e.field}`}>
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
