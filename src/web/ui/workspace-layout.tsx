// The frame of the workspace pages (editor and accounts): KERN UX look, no inline scripts or styles, the signed-in
// user's navigation in the header, the one error summary first in <main>. It knows no roles or principals: the
// feature that builds a page passes the navigation and the "signed in as" line it has computed.
import type { ComponentChildren } from 'preact';
import { ErrorSummary } from './error-summary.tsx';
import { fieldId, type WorkspaceFieldError } from './workspace-fields.tsx';

export interface WorkspaceNavItem {
  href: string;
  label: string;
}

export interface WorkspaceUser {
  nav: readonly WorkspaceNavItem[];
  /** The footer's line, e.g. "Angemeldet als Anna (Redaktion 05974)." */
  signedInAs: string;
}

export interface WorkspaceShell {
  /** The workspace's start page (brand link). */
  home: string;
  /** Where the sign-out form posts. */
  logoutAction: string;
  /** Versioned stylesheet URLs, in cascade order. */
  stylesheets: readonly string[];
  csrf: string | null;
  /** Null on pages for signed-out visitors (sign-in): no navigation. */
  user: WorkspaceUser | null;
}

export interface Notice {
  kind: 'success' | 'info' | 'warning' | 'danger';
  text: string;
}

export interface Crumb {
  label: string;
  href?: string;
}

/** "Es gibt ein Problem" / "Es gibt 3 Probleme": the error summary's title on workspace pages. */
export function problemsTitle(count: number): string {
  return `Es gibt ${count === 1 ? 'ein Problem' : `${count} Probleme`}`;
}

export function WorkspaceLayout({
  shell,
  title,
  errors,
  notice,
  crumbs,
  children,
}: {
  shell: WorkspaceShell;
  title: string;
  /** Errors by field name; the summary links to each field's id. */
  errors?: readonly WorkspaceFieldError[] | undefined;
  notice?: Notice | null | undefined;
  crumbs?: readonly Crumb[] | undefined;
  children: ComponentChildren;
}) {
  const user = shell.user;
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${errors?.length ? 'Fehler: ' : ''}${title} – amtsweg Redaktion`}</title>
        {shell.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body class="ed-body">
        <a class="ed-skip" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="ed-header">
          <div class="ed-container ed-header__inner">
            <a class="ed-brand" href={shell.home}>
              amtsweg <span>Redaktion</span>
            </a>
            {user && (
              <nav aria-label="Redaktion">
                <ul class="ed-nav">
                  {user.nav.map((item) => (
                    <li>
                      <a href={item.href}>{item.label}</a>
                    </li>
                  ))}
                  <li>
                    <form method="post" action={shell.logoutAction} class="ed-inline-form">
                      <input type="hidden" name="_csrf" value={shell.csrf ?? ''} />
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
            {errors && errors.length > 0 && (
              <ErrorSummary
                title={problemsTitle(errors.length)}
                errors={errors.map((e) => ({ field: fieldId(e.field), message: e.message }))}
              />
            )}
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
              amtsweg – gemeinsamer Leistungskatalog. {user ? user.signedInAs : ''}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
