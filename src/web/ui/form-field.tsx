import type { ComponentChildren } from 'preact';

/**
 * A KERN form field: label, optional hint, the error message (GOV.UK pattern: after the hint, before the input) and
 * the control(s) as children. Ids follow one scheme, `<id>-hinweis` and `<id>-fehler`, which `fieldDescribedBy` and
 * `ErrorSummary` links rely on.
 */
export function FormField(props: {
  id: string;
  label: ComponentChildren;
  /** Extra label classes, e.g. `kern-label--large` or `aw-visually-hidden`. */
  labelClass?: string | undefined;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  /** Read before the error by screen readers ("Fehler: "), in the page's language. */
  errorPrefix: string;
  children: ComponentChildren;
}) {
  const { id, error } = props;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class={props.labelClass ? `kern-label ${props.labelClass}` : 'kern-label'} for={id}>
        {props.label}
      </label>
      {props.hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {props.hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          <span class="aw-visually-hidden">{props.errorPrefix}</span>
          {error}
        </p>
      )}
      {props.children}
    </div>
  );
}

/** The input's class: KERN's error variant when the field has an error. */
export function inputClass(error: string | null | undefined): string {
  return `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`;
}

/** `aria-describedby` for a field's control: its hint and error ids, or undefined when it has neither. */
export function fieldDescribedBy(id: string, has: { hint: boolean; error: boolean }): string | undefined {
  return [has.hint ? `${id}-hinweis` : null, has.error ? `${id}-fehler` : null].filter(Boolean).join(' ') || undefined;
}
