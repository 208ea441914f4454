import type { ComponentChildren } from 'preact';
import { type JsonLd, serializeJsonLd } from '../../../interop/schema-org/schema-org.ts';
import type { Lang } from '../i18n.ts';
import { absolute, href, type PageContext, siteName } from '../page-context.ts';
import { localePath, paths, serviceOfPath } from '../portal.ts';
import { SearchForm } from './search-form.tsx';

export interface Crumb {
  label: string;
  /** Language-neutral path; the last crumb (the page itself) has none. */
  path?: string;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string | null | undefined;
  /** Language-neutral canonical path; defaults to the page's path; null for pages that should not be indexed. */
  canonicalPath?: string | null;
  jsonLd?: JsonLd[];
  breadcrumbs?: Crumb[];
  /** The form on this page has errors: the title says so first (WCAG 3.3.1, as GOV.UK does). */
  hasErrors?: boolean;
  /** Pages with their own big search box skip the compact one in the header. */
  headerSearch?: boolean;
  /** Versioned URLs of further stylesheets (features using the portal's frame, e.g. the checklist), last in <head>. */
  stylesheets?: readonly string[];
  children: ComponentChildren;
}

function Breadcrumbs({ ctx, items }: { ctx: PageContext; items: Crumb[] }) {
  return (
    <nav class="aw-breadcrumbs" aria-label={ctx.t.breadcrumbs}>
      <ol>
        {items.map((c, i) =>
          c.path !== undefined && i < items.length - 1 ? (
            <li>
              <a class="kern-link" href={href(ctx, c.path)}>
                {c.label}
              </a>
            </li>
          ) : (
            <li aria-current="page">{c.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/**
 * The frame of every portal page: landmarks (header, nav, main, footer), skip link, language switch, canonical and
 * hreflang links, JSON-LD, and only external scripts (the CSP forbids inline ones).
 */
export function Layout(props: LayoutProps) {
  const { ctx, title } = props;
  const { t, area } = ctx;
  const other: Lang = ctx.lang === 'de' ? 'en' : 'de';
  const site = siteName(ctx);
  const canonicalPath = props.canonicalPath === undefined ? ctx.path.split('?')[0]! : props.canonicalPath;
  // The town page's own title is the town: no need to repeat it in the suffix.
  const suffix = site ? (title === site ? t.siteName : `${t.siteName} ${site}`) : t.siteName;
  const fullTitle = `${props.hasErrors ? t.errorPrefix : ''}${title} – ${suffix}`;
  const legalSlug = area?.slug ?? ctx.county?.slug ?? null;
  return (
    <html lang={ctx.lang} data-kern-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {props.description && <meta name="description" content={props.description} />}
        {canonicalPath !== null ? (
          <>
            <link rel="canonical" href={absolute(ctx, canonicalPath)} />
            <link rel="alternate" hrefLang="de" href={absolute(ctx, canonicalPath, 'de')} />
            <link rel="alternate" hrefLang="en" href={absolute(ctx, canonicalPath, 'en')} />
            <link rel="alternate" hrefLang="x-default" href={absolute(ctx, canonicalPath, 'de')} />
          </>
        ) : (
          <meta name="robots" content="noindex" />
        )}
        <link rel="stylesheet" href={ctx.asset('/assets/kern.css')} />
        <link rel="stylesheet" href={ctx.asset('/assets/portal.css')} />
        <script src={ctx.asset('/assets/portal.js')} defer />
        {(props.jsonLd ?? []).map((data) => (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
        ))}
        {(props.stylesheets ?? []).map((url) => (
          <link rel="stylesheet" href={url} />
        ))}
      </head>
      <body class="aw-body">
        <a class="aw-skip-link" href="#inhalt">
          {t.skipToContent}
        </a>
        <header class="aw-header">
          <div class="aw-container aw-header__inner">
            <a class="aw-brand" href={href(ctx, area ? paths.town(area.slug) : paths.start())}>
              <span class="aw-brand__title">{t.siteName}</span>
              <span class="aw-brand__place">{site ?? ctx.county?.name ?? ''}</span>
            </a>
            <ul class="aw-header__tools">
              <li>
                <a
                  class="kern-link aw-lang"
                  href={paths.language(localePath(other, ctx.path))}
                  hrefLang={other}
                  lang={other}
                  aria-label={t.languageSwitchLabel}
                >
                  {t.languageSwitch}
                </a>
              </li>
              {area && (
                <li>
                  <a class="kern-link" href={href(ctx, paths.start(serviceOfPath(ctx.path)))}>
                    {t.changeTown}
                  </a>
                </li>
              )}
            </ul>
          </div>
          {area && (
            <nav class="aw-nav" aria-label={t.mainNav}>
              <div class="aw-container aw-nav__inner">
                <ul class="aw-nav__list">
                  <li>
                    <a
                      class="aw-nav__link"
                      href={href(ctx, paths.town(area.slug))}
                      aria-current={ctx.path === paths.town(area.slug) ? 'page' : undefined}
                    >
                      {t.home}
                    </a>
                  </li>
                  <li>
                    <a class="aw-nav__link" href={`${href(ctx, paths.town(area.slug))}#lebenslagen`}>
                      {t.lebenslagen}
                    </a>
                  </li>
                  <li>
                    <a
                      class="aw-nav__link"
                      href={href(ctx, paths.az(area.slug))}
                      aria-current={ctx.path === paths.az(area.slug) ? 'page' : undefined}
                    >
                      {t.azTitle}
                    </a>
                  </li>
                </ul>
                {props.headerSearch !== false && <SearchForm ctx={ctx} area={area} id="kopf-suche" compact />}
              </div>
            </nav>
          )}
        </header>
        <div class="aw-container aw-page">
          {props.breadcrumbs && props.breadcrumbs.length > 1 && <Breadcrumbs ctx={ctx} items={props.breadcrumbs} />}
          <main id="inhalt" class="aw-main" tabindex={-1}>
            {ctx.lang === 'en' && <p class="aw-content-note">{t.contentLanguageNote}</p>}
            {props.children}
          </main>
        </div>
        <footer class="aw-footer">
          <div class="aw-container">
            <p class="kern-body">{t.footerAbout}</p>
            <ul class="aw-footer__links">
              {legalSlug && (
                <>
                  <li>
                    <a class="kern-link" href={href(ctx, paths.accessibility(legalSlug))}>
                      {t.accessibilityStatement}
                    </a>
                  </li>
                  <li>
                    <a class="kern-link" href={href(ctx, paths.imprint(legalSlug))}>
                      {t.imprint}
                    </a>
                  </li>
                  <li>
                    <a class="kern-link" href={href(ctx, paths.privacy(legalSlug))}>
                      {t.privacy}
                    </a>
                  </li>
                </>
              )}
              <li>
                <a class="kern-link" href={href(ctx, paths.embedDocs())}>
                  {t.embedDocs}
                </a>
              </li>
              <li>
                <a class="kern-link" href={href(ctx, paths.start())}>
                  {t.countyHome}
                </a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
