// The workspace's form controls (editor and accounts), on the one FormField of src/web/ui: fields are named by their
// form name, their ids derived from it (`fieldId`), so an error `{ field: name }` reaches its field and the summary.
import type { ComponentChildren } from 'preact';
import { FormField, fieldDescribedBy, inputClass } from './form-field.tsx';

/** An error about the form field `field` (its name; `fieldId` gives the element id the summary links to). */
export interface WorkspaceFieldError {
  field: string;
  message: string;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const ERROR_PREFIX = 'Fehler: ';

/** The messages about one field, joined; undefined when there are none. */
export function errorFor(errors: readonly WorkspaceFieldError[] | undefined, name: string): string | undefined {
  const hits = (errors ?? []).filter((e) => e.field === name);
  return hits.length ? hits.map((e) => e.message).join(' ') : undefined;
}

interface FieldProps {
  name: string;
  label: string;
  value: string | null | undefined;
  hint?: string | undefined;
  errors?: readonly WorkspaceFieldError[] | undefined;
  required?: boolean;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  width?: 'short' | 'medium' | 'long';
  /** Screen-reader-only label (repeated rows have visible column headers). */
  srLabel?: boolean;
  /** The id of a `<Datalist>` whose values the field suggests (ids picked from a list instead of typed). */
  list?: string | undefined;
}

/** The label with "– optional" for fields that may stay empty (GOV.UK: mark the optional ones, not the required). */
function labelOf(label: string, required: boolean | undefined): ComponentChildren {
  return (
    <>
      {label}
      {required ? '' : <span class="kern-label__optional"> – optional</span>}
    </>
  );
}

function Field({
  props,
  children,
}: {
  props: FieldProps;
  children: (id: string, error?: string) => ComponentChildren;
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <FormField
      id={id}
      label={labelOf(props.label, props.required)}
      labelClass={props.srLabel ? 'ed-sr-only' : undefined}
      hint={props.hint}
      error={error}
      errorPrefix={ERROR_PREFIX}
    >
      {children(id, error)}
    </FormField>
  );
}

export function TextField(props: FieldProps) {
  return (
    <Field props={props}>
      {(id, error) => (
        <input
          class={`${inputClass(error)} ed-w-${props.width ?? 'long'}`}
          id={id}
          name={props.name}
          type={(props.type ?? 'text') as 'text'}
          value={props.value ?? ''}
          required={props.required}
          aria-required={props.required ? 'true' : undefined}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={fieldDescribedBy(id, { hint: !!props.hint, error: !!error })}
          autocomplete={props.autocomplete}
          inputMode={props.inputmode as never}
          list={props.list}
        />
      )}
    </Field>
  );
}

/**
 * Suggestions for text fields (`list` of a `TextField`): the browser offers the values with their labels while the
 * field still takes any text, so a missing entry never blocks the form and no script is needed.
 */
export function Datalist({ id, options }: { id: string; options: ReadonlyArray<{ value: string; label: string }> }) {
  return (
    <datalist id={id}>
      {options.map((o) => (
        <option value={o.value} label={o.label} />
      ))}
    </datalist>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  return (
    <Field props={{ ...props, srLabel: false }}>
      {(id, error) => (
        <textarea
          class={`${inputClass(error)} ed-textarea`}
          id={id}
          name={props.name}
          rows={props.rows ?? 4}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={fieldDescribedBy(id, { hint: !!props.hint, error: !!error })}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </Field>
  );
}

export function Select(props: Omit<FieldProps, 'type'> & { options: ReadonlyArray<{ value: string; label: string }> }) {
  return (
    <Field props={props}>
      {(id, error) => (
        <div class="kern-form-input__select-wrapper">
          <select
            class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
            id={id}
            name={props.name}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={fieldDescribedBy(id, { hint: !!props.hint, error: !!error })}
          >
            {props.options.map((o) => (
              <option value={o.value} selected={o.value === (props.value ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </Field>
  );
}

export function Checkbox({
  name,
  label,
  checked,
  hint,
  value = 'on',
}: {
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
  value?: string;
}) {
  const id = fieldId(value === 'on' ? name : `${name}-${value}`);
  return (
    <div class="kern-form-check">
      <input
        class="kern-form-check__checkbox"
        type="checkbox"
        id={id}
        name={name}
        value={value}
        checked={checked}
        aria-describedby={fieldDescribedBy(id, { hint: !!hint, error: false })}
      />
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
    </div>
  );
}

export function Radios({
  name,
  legend,
  value,
  options,
  errors,
  hint,
}: {
  name: string;
  legend: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string; hint?: string }>;
  errors?: readonly WorkspaceFieldError[] | undefined;
  hint?: string;
}) {
  const error = errorFor(errors, name);
  const id = fieldId(name);
  return (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      id={id}
      aria-describedby={fieldDescribedBy(id, { hint: !!hint, error: !!error })}
    >
      <legend class="kern-label">{legend}</legend>
      {hint && (
        <div class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-fehler`}>
          {error}
        </p>
      )}
      <div class="kern-fieldset__body">
        {options.map((o, i) => (
          <div class="kern-form-check">
            <input
              class="kern-form-check__radio"
              type="radio"
              id={`${id}-${i}`}
              name={name}
              value={o.value}
              checked={o.value === value}
            />
            <label class="kern-label" for={`${id}-${i}`}>
              {o.label}
            </label>
            {o.hint && <div class="kern-hint">{o.hint}</div>}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function Fieldset({ legend, children, id }: { legend: string; children: ComponentChildren; id?: string }) {
  return (
    <fieldset class="kern-fieldset ed-fieldset" id={id}>
      <legend class="kern-heading-small">{legend}</legend>
      <div class="kern-fieldset__body">{children}</div>
    </fieldset>
  );
}

export function Button({
  children,
  name,
  value,
  kind = 'primary',
  formaction,
}: {
  children: ComponentChildren;
  name?: string;
  value?: string;
  kind?: 'primary' | 'secondary' | 'tertiary';
  formaction?: string;
}) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${kind}`} name={name} value={value} formAction={formaction}>
      <span class="kern-label">{children}</span>
    </button>
  );
}

export function Hidden({ name, value }: { name: string; value: string | number | null | undefined }) {
  return <input type="hidden" name={name} value={value === null || value === undefined ? '' : String(value)} />;
}
