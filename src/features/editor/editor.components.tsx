// Building blocks of the editors' pages: the layout (KERN UX look, no inline scripts or styles), accessible form
// fields with errors tied to them, the error summary, texts as the portal shows them, and the diff view.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type {} from '../auth/auth.http.ts';
import type { Principal } from '../auth/auth.ts';
import { isAdmin, ROLE_LABELS } from '../auth/auth.ts';
import { assetStore } from '../portal/assets.ts';
import type { DiffLine, FieldDiff } from './editor.diff.ts';

export interface FieldError {
  field: string;
  message: string;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface PageFrame {
  principal: Principal | null;
  csrf: string | null;
  /** Versioned URL of the KERN stylesheet (from the portal's asset store) when available. */
  kernCss: string;
  editorCss: string;
}

export function renderDocument(node: VNode<any>): string {
  return `<!doctype html>${renderToString(node)}`;
}

export function Layout({
  frame,
  title,
  errors,
  notice,
  children,
  crumbs,
}: {
  frame: PageFrame;
  title: string;
  errors?: FieldError[] | undefined;
  notice?: { kind: 'success' | 'info' | 'warning' | 'danger'; text: string } | null | undefined;
  children: ComponentChildren;
  crumbs?: Array<{ label: string; href?: string }> | undefined;
}) {
  const p = frame.principal;
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${errors?.length ? 'Fehler: ' : ''}${title} – amtsweg Redaktion`}</title>
        <link rel="stylesheet" href={frame.kernCss} />
        <link rel="stylesheet" href={frame.editorCss} />
      </head>
      <body class="ed-body">
        <a class="ed-skip" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="ed-header">
          <div class="ed-container ed-header__inner">
            <a class="ed-brand" href="/editor">
              amtsweg <span>Redaktion</span>
            </a>
            {p && (
              <nav aria-label="Redaktion">
                <ul class="ed-nav">
                  <li>
                    <a href="/editor">Übersicht</a>
                  </li>
                  {isAdmin(p) && (
                    <>
                      <li>
                        <a href="/editor/admin/users">Konten</a>
                      </li>
                      <li>
                        <a href="/editor/admin/audit">Protokoll</a>
                      </li>
                      <li>
                        <a href="/editor/struktur">Lebenslagen</a>
                      </li>
                    </>
                  )}
                  <li>
                    <a href="/editor/account">Mein Konto ({p.label})</a>
                  </li>
                  <li>
                    <form method="post" action="/editor/logout" class="ed-inline-form">
                      <input type="hidden" name="_csrf" value={frame.csrf ?? ''} />
                      <button type="submit" class="ed-linkbutton">
                        Abmelden
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </header>
        <div class="ed-container">
          {crumbs && crumbs.length > 0 && (
            <nav aria-label="Brotkrumen" class="ed-crumbs">
              <ol>
                {crumbs.map((c) => (
                  <li>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
                ))}
              </ol>
            </nav>
          )}
          <main id="inhalt" tabindex={-1}>
            <h1 class="kern-heading-large">{title}</h1>
            {errors && errors.length > 0 && <ErrorSummary errors={errors} />}
            {notice && (
              <div
                class={`kern-alert kern-alert--${notice.kind}`}
                role={notice.kind === 'danger' || notice.kind === 'warning' ? 'alert' : 'status'}
              >
                <div class="kern-alert__body">
                  <p class="kern-body">{notice.text}</p>
                </div>
              </div>
            )}
            {children}
          </main>
        </div>
        <footer class="ed-footer">
          <div class="ed-container">
            <p class="kern-body kern-body--small">
              amtsweg – gemeinsamer Leistungskatalog.{' '}
              {p
                ? `Angemeldet als ${p.label} (${p.grants.map((g) => `${ROLE_LABELS[g.role]}${g.tenantAgs === '*' ? '' : ` ${g.tenantAgs}`}`).join(', ')}).`
                : ''}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** First thing in <main>: every error as a link to its field (WCAG 3.3.1, GOV.UK pattern). */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  return (
    <div class="kern-alert kern-alert--danger ed-error-summary" role="alert" aria-labelledby="fehler-titel">
      <div class="kern-alert__header">
        <h2 class="kern-title" id="fehler-titel">
          Es gibt {errors.length === 1 ? 'ein Problem' : `${errors.length} Probleme`}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul>
          {errors.map((e) => (
            <li>
              <a class="kern-link" href={`#${fieldId(e.field)}`}>
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function errorFor(errors: FieldError[] | undefined, name: string): string | undefined {
  const hits = (errors ?? []).filter((e) => e.field === name);
  return hits.length ? hits.map((e) => e.message).join(' ') : undefined;
}

interface FieldProps {
  name: string;
  label: string;
  value: string | null | undefined;
  hint?: string | undefined;
  errors?: FieldError[] | undefined;
  required?: boolean;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  width?: 'short' | 'medium' | 'long';
  /** Screen-reader-only label (repeated rows have visible column headers). */
  srLabel?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  required,
  srLabel,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  srLabel?: boolean | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class={`kern-label${srLabel ? ' ed-sr-only' : ''}`} for={id}>
        {label}
        {required ? '' : <span class="kern-label__optional"> – optional</span>}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-error`}>
          <span class="ed-sr-only">Fehler: </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function TextField(props: FieldProps) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <FieldFrame
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      required={props.required}
      srLabel={props.srLabel}
    >
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''} ed-w-${props.width ?? 'long'}`}
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode as never}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error} required={props.required}>
      <textarea
        class={`kern-form-input__input ed-textarea${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(props: Omit<FieldProps, 'type'> & { options: Array<{ value: string; label: string }> }) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <FieldFrame
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      required={props.required}
      srLabel={props.srLabel}
    >
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name={props.name}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint, error)}
        >
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === (props.value ?? '')}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </FieldFrame>
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
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
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
  options: Array<{ value: string; label: string; hint?: string }>;
  errors?: FieldError[] | undefined;
  hint?: string;
}) {
  const error = errorFor(errors, name);
  const id = fieldId(name);
  return (
    <fieldset
      class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      id={id}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend class="kern-label">{legend}</legend>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div class="kern-fieldset__body">
        {options.map((o, i) => (
          <div class="kern-form-check">
            <input
              class="kern-form-check__radio"
              type="radio"
              id={i === 0 ? `${id}-0` : `${id}-${i}`}
              name={name}
              value={o.value}
              checked={o.value === value}
            />
            <label class="kern-label" for={i === 0 ? `${id}-0` : `${id}-${i}`}>
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

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
}

// ---- request helpers shared by the auth and editor pages ---------------------------------------------------------

export const EDITOR_CSS_PATH = '/editor/assets/editor.css';

let kernUrl: string | undefined;
function kernCssUrl(): string {
  if (kernUrl) return kernUrl;
  try {
    kernUrl = assetStore().url('/assets/kern.css');
  } catch {
    kernUrl = '/assets/kern.css';
  }
  return kernUrl;
}

export function frameFor(request: FastifyRequest, editorCssUrl: string): PageFrame {
  return {
    principal: request.principal ?? null,
    csrf: request.session?.csrfToken ?? null,
    kernCss: kernCssUrl(),
    editorCss: editorCssUrl,
  };
}

/** Sends a page: no caching of anything in the workspace (drafts are private). */
export function sendPage(reply: FastifyReply, node: VNode<any>, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderDocument(node));
}

/** Only same-site workspace paths are allowed as a redirect target after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/editor(\/[A-Za-z0-9/_:.?=&%-]*)?$/.test(next) && !next.startsWith('//')
    ? next
    : '/editor';
}
