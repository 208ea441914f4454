import type { Area } from '../catalog/catalog.ts';
import type { Lang, Messages } from './i18n.ts';
import { areaDisplayName, localePath } from './portal.ts';

/** What every page component needs besides its own data: language, texts, the current site, URL builders. */
export interface PageContext {
  lang: Lang;
  t: Messages;
  /** The language-neutral path of this page (`/geseke/a-z`), for the language switch and canonical links. */
  path: string;
  /** Origin for canonical and JSON-LD URLs: the configured public URL, else the request's. */
  origin: string;
  /** The town site being shown (a town or the county itself), or null on the county start page. */
  area: Area | null;
  /** The county the portal is for (parent of the towns). */
  county: Area | null;
  /** The county's towns, by name. */
  towns: Area[];
  areaOf(ags: string): Area | undefined;
  /** Whether an area fulfils the town tier (its kind's tiers include `gemeinde`). */
  isTown(area: Area): boolean;
  asset(path: string): string;
  now: Date;
}

/** A link in the page's language. */
export function href(ctx: Pick<PageContext, 'lang'>, path: string): string {
  return localePath(ctx.lang, path);
}

/** An absolute URL in the page's language (canonical links, sitemaps, JSON-LD). */
export function absolute(ctx: Pick<PageContext, 'origin' | 'lang'>, path: string, lang: Lang = ctx.lang): string {
  return `${ctx.origin}${localePath(lang, path)}`;
}

export function siteName(ctx: Pick<PageContext, 'area'>): string | null {
  return ctx.area ? areaDisplayName(ctx.area) : null;
}

/**
 * The page belongs to a Kreis's own site (not a town's): by the structure, not by a kind's code — a register's
 * Kreis is a "landkreis" or "rp_landkreis", and a kreisfreie Stadt, its own Kreis, is a town.
 */
export function isCountySite(ctx: Pick<PageContext, 'county' | 'isTown'>, area: Area): boolean {
  return ctx.county?.ags === area.ags && !ctx.isTown(area);
}
