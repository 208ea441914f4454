import type { Area } from '../../catalog/catalog.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import { absolute, href, type PageContext } from '../page-context.ts';
import { areaDisplayName, markerFor, paths } from '../portal.ts';
import { Layout } from './layout.tsx';

export interface EmbedItem {
  id: string;
  name: string;
  synonyms: string[];
  url: string;
  marker: { kind: string; label: string };
  /** The town does not offer it itself (its setting): marked with `labels.notOffered`, the page names where to go. */
  notOffered: boolean;
}

/** What /embed/v1/<slug>.json hands the embed script: ready-made labels and absolute links, nothing to assemble. */
export interface EmbedData {
  version: 1;
  area: { slug: string; name: string; displayName: string };
  portalUrl: string;
  azUrl: string;
  labels: {
    title: string;
    search: string;
    submit: string;
    count: string;
    none: string;
    all: string;
    responsible: string;
    notOffered: string;
  };
  items: EmbedItem[];
}

export function embedItems(ctx: PageContext, area: Area, services: readonly ResolvedService[]): EmbedItem[] {
  return services.map((s) => ({
    id: s.id,
    name: s.name,
    synonyms: s.synonyms,
    url: absolute(ctx, paths.service(area.slug, s.id)),
    marker: markerFor(s, ctx, ctx.t.markerYourTown),
    notOffered: s.notOffered !== null,
  }));
}

export function embedData(ctx: PageContext, area: Area, services: readonly ResolvedService[]): EmbedData {
  const displayName = areaDisplayName(area);
  const { t } = ctx;
  return {
    version: 1,
    area: { slug: area.slug, name: area.name, displayName },
    portalUrl: absolute(ctx, paths.town(area.slug)),
    azUrl: absolute(ctx, paths.az(area.slug)),
    labels: {
      title: `${t.embedAll} – ${displayName}`,
      search: t.embedSearchLabel,
      submit: t.searchSubmit,
      count: ctx.lang === 'de' ? '{n} Leistungen' : '{n} services',
      none: ctx.lang === 'de' ? 'Keine passende Leistung gefunden.' : 'No matching service found.',
      all: t.azLink,
      responsible: t.responsibleFor,
      notOffered: t.notOfferedMark(area.name),
    },
    items: embedItems(ctx, area, services),
  };
}

/**
 * The iframe fallback: a bare page (no portal chrome) with the same list and classes as the script renders, a GET
 * search that works without JS, and links that open the portal in the whole window.
 */
export function EmbedFramePage({
  ctx,
  area,
  items,
  q,
  total,
}: {
  ctx: PageContext;
  area: Area;
  items: EmbedItem[];
  q: string;
  total: number;
}) {
  const { t } = ctx;
  const title = `${t.embedAll} – ${areaDisplayName(area)}`;
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="canonical" href={absolute(ctx, paths.az(area.slug))} />
        <link rel="stylesheet" href={ctx.asset('/embed/v1.css')} />
      </head>
      <body class="amtsweg-frame">
        <main class="amtsweg-embed">
          <h1 class="amtsweg-embed__title">{title}</h1>
          <search>
            <form class="amtsweg-embed__search" method="get" action={href(ctx, paths.embedFrame(area.slug))}>
              <label class="amtsweg-embed__label" for="amtsweg-q">
                {t.embedSearchLabel}
              </label>
              <span class="amtsweg-embed__row">
                <input
                  class="amtsweg-embed__input"
                  id="amtsweg-q"
                  name="q"
                  type="search"
                  value={q}
                  maxLength={200}
                  autocomplete="off"
                />
                <button class="amtsweg-embed__button" type="submit">
                  {t.searchSubmit}
                </button>
              </span>
            </form>
          </search>
          <p class="amtsweg-embed__count">
            {q ? `${items.length} / ${total}` : ctx.lang === 'de' ? `${total} Leistungen` : `${total} services`}
          </p>
          <ul class="amtsweg-embed__list">
            {items.map((item) => (
              <li class="amtsweg-embed__item">
                <a class="amtsweg-embed__link" href={item.url} target="_top">
                  {item.name}
                </a>{' '}
                <span class={`amtsweg-embed__marker amtsweg-embed__marker--${item.marker.kind}`}>
                  <span class="amtsweg-embed__hidden">{t.responsibleFor} </span>
                  {item.marker.label}
                </span>
                {item.notOffered && (
                  <>
                    {' '}
                    <span class="amtsweg-embed__not-offered">{t.notOfferedMark(area.name)}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p class="amtsweg-embed__more">
            <a class="amtsweg-embed__link" href={absolute(ctx, paths.town(area.slug))} target="_top">
              {t.siteName} {areaDisplayName(area)}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

const PROPERTIES: Array<[string, string, string]> = [
  ['--amtsweg-font-family', 'inherit', 'Schrift (Standard: die Schrift Ihrer Seite)'],
  ['--amtsweg-font-size', '1rem', 'Grundschriftgröße'],
  ['--amtsweg-color-text', 'inherit', 'Textfarbe'],
  ['--amtsweg-color-link', '#1a3da5', 'Linkfarbe'],
  ['--amtsweg-color-border', '#6b7090', 'Rahmen von Suchfeld und Liste'],
  ['--amtsweg-color-background', 'transparent', 'Hintergrund'],
  ['--amtsweg-color-input-background', '#ffffff', 'Hintergrund des Suchfelds'],
  ['--amtsweg-color-button', '#1a3da5', 'Hintergrund der Schaltfläche'],
  ['--amtsweg-color-button-text', '#ffffff', 'Text der Schaltfläche'],
  ['--amtsweg-color-focus', '#1a3da5', 'Fokusrahmen'],
  ['--amtsweg-color-town', '#0b4f8a', 'Markierung „Stadt/Gemeinde zuständig“'],
  ['--amtsweg-color-county', '#6b2c83', 'Markierung „Kreis zuständig“'],
  ['--amtsweg-radius', '4px', 'Eckenradius'],
  ['--amtsweg-spacing', '1rem', 'Grundabstand'],
];

export function snippetFor(origin: string, area: Area, lang: 'de' | 'en'): string {
  const langAttr = lang === 'en' ? ' data-amtsweg-lang="en"' : '';
  return [
    `<div data-amtsweg-ort="${area.slug}"${langAttr}>`,
    `  <iframe src="${origin}${paths.embedFrame(area.slug)}"`,
    `          title="Leistungen – ${areaDisplayName(area)}" width="100%" height="640"></iframe>`,
    '</div>',
    `<script src="${origin}/embed/v1.js" defer></script>`,
  ].join('\n');
}

/** /embed: how a town puts its list on its own website, with the snippet, the theming properties and a live preview. */
/**
 * The embed's documentation with its town chooser. `districts`: in a deployment of several Kreise and kreisfreie
 * Städte (a Land, all of Germany), the chooser offers the districts and the towns of the chosen place's district —
 * choosing a district shows its towns — instead of one Kreis's towns; absent for one Kreis.
 */
export function EmbedDocsPage({
  ctx,
  area,
  snippet,
  districts,
}: {
  ctx: PageContext;
  area: Area;
  snippet: string;
  districts?: { all: readonly Area[]; chosen: Area | null; towns: readonly Area[] };
}) {
  const de = ctx.lang === 'de';
  const option = (t: Area) => (
    <option value={t.slug} selected={t.slug === area.slug}>
      {areaDisplayName(t)}
    </option>
  );
  return (
    <Layout
      ctx={ctx}
      title={ctx.t.embedTitle}
      canonicalPath="/embed"
      breadcrumbs={[{ label: ctx.t.home, path: '/' }, { label: ctx.t.embedTitle }]}
    >
      <h1 class="kern-heading-x-large">{ctx.t.embedTitle}</h1>
      <p class="kern-body kern-body--large">
        {de
          ? 'Städte und Gemeinden mit eigener Website binden die durchsuchbare Liste ihrer Leistungen – mit den Leistungen des Kreises, jeweils als solche markiert – mit einem Schnipsel ein. Jeder Eintrag führt zur Leistungsseite im Virtuellen Rathaus.'
          : 'Towns with their own website embed their searchable list of services – including the services of the county, marked as such – with one snippet. Each entry links to the service page in the virtual town hall.'}
      </p>
      <section class="aw-section" aria-labelledby="ort-fuer-schnipsel">
        <h2 class="kern-heading-medium" id="ort-fuer-schnipsel">
          {de ? '1. Ort wählen' : '1. Choose the town'}
        </h2>
        <form method="get" action={href(ctx, paths.embedDocs())} class="aw-embed-form">
          <div class="kern-form-input">
            <label class="kern-label" for="embed-ort">
              {de ? 'Stadt oder Gemeinde' : 'Town'}
            </label>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="embed-ort" name="ort">
                {districts ? (
                  <>
                    <optgroup label={de ? 'Kreise und kreisfreie Städte' : 'Districts and district-free cities'}>
                      {districts.all.map(option)}
                    </optgroup>
                    {districts.chosen && districts.towns.length > 0 ? (
                      <optgroup
                        label={
                          de
                            ? `Orte in ${areaDisplayName(districts.chosen)}`
                            : `Towns in ${areaDisplayName(districts.chosen)}`
                        }
                      >
                        {districts.towns.filter((t) => t.ags !== districts.chosen?.ags).map(option)}
                      </optgroup>
                    ) : null}
                  </>
                ) : (
                  [...(ctx.county ? [ctx.county] : []), ...ctx.towns].map(option)
                )}
              </select>
            </div>
          </div>
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{de ? 'Schnipsel anzeigen' : 'Show snippet'}</span>
          </button>
        </form>
      </section>
      <section class="aw-section" aria-labelledby="schnipsel">
        <h2 class="kern-heading-medium" id="schnipsel">
          {de ? '2. Schnipsel einfügen' : '2. Paste the snippet'}
        </h2>
        <p class="kern-body">
          {de
            ? 'Fügen Sie diesen HTML-Code an der Stelle Ihrer Seite ein, an der die Liste erscheinen soll. Das Skript ersetzt den Inhalt des Elements durch die Liste; ohne JavaScript bleibt der iframe als Rückfall stehen. Das Skript setzt keine Cookies und lädt nichts von Dritten.'
            : 'Paste this HTML where the list should appear. The script replaces the element’s content with the list; without JavaScript the iframe stays as the fallback. The script sets no cookies and loads nothing from third parties.'}
        </p>
        <pre class="aw-code" tabindex={0}>
          <code>{snippet}</code>
        </pre>
        <p class="kern-body">
          {de
            ? 'Für Seiten mit Content-Security-Policy: erlauben Sie diesen Server unter script-src, style-src, connect-src und frame-src.'
            : 'Sites with a Content Security Policy allow this server in script-src, style-src, connect-src and frame-src.'}
        </p>
      </section>
      <section class="aw-section" aria-labelledby="gestaltung">
        <h2 class="kern-heading-medium" id="gestaltung">
          {de ? '3. Gestaltung anpassen (optional)' : '3. Adjust the styling (optional)'}
        </h2>
        <p class="kern-body">
          {de
            ? 'Die Liste ist neutral gestaltet und übernimmt Schrift und Textfarbe Ihrer Seite. Mit diesen CSS-Variablen am Element passen Sie sie an, zum Beispiel:'
            : 'The list is neutral and inherits your page’s font and text colour. Adjust it with these CSS custom properties on the element, for example:'}
        </p>
        <pre class="aw-code" tabindex={0}>
          <code>{`[data-amtsweg-ort] {\n  --amtsweg-color-link: #005a9c;\n  --amtsweg-radius: 0;\n}`}</code>
        </pre>
        <section class="kern-table-responsive" tabindex={0} aria-label={de ? 'CSS-Variablen' : 'CSS custom properties'}>
          <table class="kern-table kern-table--small">
            <thead class="kern-table__header">
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">
                  {de ? 'Variable' : 'Property'}
                </th>
                <th class="kern-table__header" scope="col">
                  {de ? 'Standard' : 'Default'}
                </th>
                <th class="kern-table__header" scope="col">
                  {de ? 'Wirkung' : 'Effect'}
                </th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {PROPERTIES.map(([name, value, effect]) => (
                <tr class="kern-table__row">
                  <td class="kern-table__cell">
                    <code>{name}</code>
                  </td>
                  <td class="kern-table__cell">
                    <code>{value}</code>
                  </td>
                  <td class="kern-table__cell" lang="de">
                    {effect}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
      <section class="aw-section" aria-labelledby="vorschau">
        <h2 class="kern-heading-medium" id="vorschau">
          {ctx.t.embedPreview}: {areaDisplayName(area)}
        </h2>
        <div class="aw-embed-preview" data-amtsweg-ort={area.slug} data-amtsweg-lang={ctx.lang} data-amtsweg-preview="">
          <p class="kern-body">
            <a class="kern-link" href={href(ctx, paths.embedFrame(area.slug))}>
              {ctx.t.embedAll} – {areaDisplayName(area)}
            </a>
          </p>
        </div>
        <details class="aw-section aw-embed-fallback">
          <summary class="kern-body">
            {de ? 'Vorschau ohne JavaScript (iframe)' : 'Preview without JavaScript (iframe)'}
          </summary>
          {/* Inside a closed <details> the lazy iframe loads only when opened: the docs page stays within budget. */}
          <iframe
            src={href(ctx, paths.embedFrame(area.slug))}
            title={`${ctx.t.embedPreview}: ${ctx.t.embedAll} – ${areaDisplayName(area)}`}
            class="aw-embed-preview__frame"
            loading="lazy"
          />
        </details>
        <script src={ctx.asset('/embed/v1.js')} defer />
      </section>
    </Layout>
  );
}
