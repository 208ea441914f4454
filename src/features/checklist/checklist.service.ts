// The checklist's use cases: import the project group's file, judge every product for a town through the catalog
// service's resolver (the same one the portal uses), compare the towns of a county, record review ticks.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { GenerationCache } from '../../shared/generation-cache.ts';
import type { CatalogService } from '../catalog/catalog.service.ts';
import type { Area, LocalServiceSetting } from '../catalog/catalog.ts';
import type { LinksService } from '../links/links.service.ts';
import { areaChain, localSettingFor, resolveService, visibleServices } from '../responsibility/resolver.ts';
import type { ResolvedService } from '../responsibility/responsibility.ts';
import { parseChecklistFile } from './checklist.file.ts';
import {
  countChecklistItems,
  type ReplaceSummary,
  readChecklistItems,
  readChecklistTenants,
  readReview,
  readReviews,
  replaceChecklist,
  saveReview,
  saveReviews,
} from './checklist.repository.ts';
import { type ChecklistItem, REVIEWS_SCOPE, reviewMaxAgeDays, type TownSetting } from './checklist.ts';
import { type CountyComparison, compareTowns } from './checklist-comparison.ts';
import { type TownCoverage, townCoverage } from './checklist-coverage.ts';
import { evaluateItem } from './checklist-evaluate.ts';

/** No county above the area keeps a checklist: a 404 (the not-found page for browsers, problem+json for the API). */
export class NoChecklistError extends NotFoundError {
  override readonly type: string = 'no-checklist';
}

export const KREIS_SOEST_CHECKLIST = fileURLToPath(
  new URL('../../../data/checklist/kreis-soest.yaml', import.meta.url),
);

export interface ChecklistImportResult extends ReplaceSummary {
  tenantAgs: string;
  items: number;
  dryRun: boolean;
}

export interface CountyComparisonView extends CountyComparison {
  county: Pick<Area, 'ags' | 'name' | 'slug'>;
}

export interface ChecklistService {
  importText(text: string, name: string, options?: { dryRun?: boolean }): Promise<ChecklistImportResult>;
  importFile(path: string, options?: { dryRun?: boolean }): Promise<ChecklistImportResult>;
  /** Imports the Kreis Soest checklist when the county has none yet (first start). */
  seedIfEmpty(path?: string): Promise<ChecklistImportResult | null>;
  items(tenant: string): Promise<ChecklistItem[]>;
  /** The county whose checklist applies to a town (its nearest ancestor that has one). */
  checklistTenantFor(townAgs: string): Promise<Area>;
  /** The counties that maintain a checklist. */
  counties(): Promise<Area[]>;
  townCoverage(townAgs: string, now?: Date): Promise<TownCoverage>;
  comparison(countyAgs: string, now?: Date): Promise<CountyComparisonView>;
  /** A town editor ticks a product as reviewed for the town. */
  review(townAgs: string, serviceId: string, by: string, note?: string | null, now?: Date): Promise<void>;
  /** When a person last confirmed the service's texts for the town (ISO), or null: the portal's "Zuletzt geprüft". */
  lastReview(townAgs: string, serviceId: string): Promise<string | null>;
  /** Every review tick of a tenant: service id → when a person last confirmed its texts (ISO). */
  reviewsOf(tenantAgs: string): Promise<Map<string, string>>;
  /**
   * The workspace's bulk "mark reviewed": ticks many services for a tenant at once, in one transaction. The editor
   * checked the rights and that the services are the tenant's to see; unlike `review`, any such service may be
   * ticked (not only the checklist's), since the tick is what the portal's "Zuletzt geprüft" shows.
   */
  markReviewed(tenantAgs: string, serviceIds: readonly string[], by: string, now?: Date): Promise<void>;
  /** How long a person's "Texte geprüft" holds, in days (CHECKLIST_REVIEW_MAX_DAYS). */
  readonly reviewMaxAgeDays: number;
  /** Where the editor edits the town's view of a service (issue #5's URL scheme). */
  editUrl(townAgs: string, serviceId: string): string;
}

export function editUrl(townAgs: string, serviceId: string): string {
  return `/editor/${encodeURIComponent(townAgs)}/services/${encodeURIComponent(serviceId)}`;
}

const MAX_CACHED = 64;

/**
 * What the checklist needs from the citizens' reports, without knowing the feedback feature: open reports per
 * service in a town, and a generation that moves whenever a report opens or closes (for the coverage cache).
 */
export interface OpenReportCounts {
  openByService(areaAgs: string): Promise<Map<string, number>>;
  /** Moves whenever a report opens, is answered or closes (the coverage cache's version). */
  generation(): Promise<number>;
}

export interface ChecklistServiceOptions {
  /** How long a person's "Texte geprüft" holds (CHECKLIST_REVIEW_MAX_DAYS, default 365). */
  reviewMaxAgeDays?: number;
  reports?: OpenReportCounts;
}

const toTownSetting = (s: LocalServiceSetting): TownSetting => ({
  offered: s.offered,
  reason: s.reason,
  alternativeUrl: s.alternativeUrl,
  alternativeServiceId: s.alternativeServiceId,
  localOnlineServices: s.localOnlineServices,
});

export function createChecklistService(
  db: Db,
  catalog: CatalogService,
  links: LinksService,
  options: ChecklistServiceOptions = {},
): ChecklistService {
  const q = db.kysely;
  const maxAgeDays = options.reviewMaxAgeDays ?? reviewMaxAgeDays();
  const reports = options.reports;
  // Coverage costs one resolution per product and town (the resolver evaluates opening hours): cached per catalog
  // generation, the generations of everything else it shows (the checklist's items and ticks, link states, open
  // reports: each bumped in the transaction of its write) and the day (review ages). Generations, not fingerprints of
  // the tables: a kept answer then costs no query (decision 0275; on PostgreSQL with pushes not even a generation read).
  const cache = new GenerationCache<string, object>({ max: MAX_CACHED });
  async function cached<T extends object>(slot: string, compute: () => Promise<T>, now: Date): Promise<T> {
    const [own, linkStates, openReports, generation] = await Promise.all([
      catalog.cacheGeneration(REVIEWS_SCOPE),
      links.generation(),
      reports ? reports.generation() : 0,
      catalog.cacheGeneration(),
    ]);
    const key = [slot, own, linkStates, openReports, now.toISOString().slice(0, 10)].join('#');
    return (await cache.getOrCompute(key, generation, compute)) as T;
  }

  // Which areas keep a checklist, per catalog and checklist generation: one query per version instead of one count
  // per area above a town on every request (or per area of Germany for the dashboard's default county).
  let keepers: { version: string; tenants: Promise<ReadonlySet<string>> } | undefined;
  async function checklistTenants(): Promise<ReadonlySet<string>> {
    const [generation, own] = await Promise.all([catalog.cacheGeneration(), catalog.cacheGeneration(REVIEWS_SCOPE)]);
    const version = `${generation}.${own}`;
    if (keepers?.version !== version) {
      const tenants = readChecklistTenants(q);
      const entry = { version, tenants };
      keepers = entry;
      // A failed read is not kept: the next request reads again.
      tenants.catch(() => {
        if (keepers === entry) keepers = undefined;
      });
    }
    return keepers.tenants;
  }

  /** Names of the catalog services a county's checklist may name: those of the county's tree (its snapshot). */
  async function serviceNamesFor(countyAgs: string): Promise<Map<string, string>> {
    const { snapshot } = await catalog.snapshotFor(countyAgs);
    return new Map([...snapshot.services.values()].map((s) => [s.id, s.name]));
  }

  /**
   * The settings that apply in a town, as its pages show them: its own, else its Gemeindeverband's or Kreis's for a
   * service owned above them (decision 0238) — read from the resolver's snapshot, like the pages.
   */
  async function townSettings(townAgs: string): Promise<Map<string, TownSetting>> {
    const { snapshot } = await catalog.snapshotFor(townAgs);
    const chain = areaChain(snapshot, townAgs);
    const out = new Map<string, TownSetting>();
    for (const service of snapshot.services.values()) {
      const setting = localSettingFor(snapshot, chain, service);
      if (setting) out.set(service.id, toTownSetting(setting));
    }
    return out;
  }

  async function importText(
    text: string,
    name: string,
    options: { dryRun?: boolean } = {},
  ): Promise<ChecklistImportResult> {
    const parsed = parseChecklistFile(text, name);
    const structure = await catalog.structure();
    const issues: ValidationIssue[] = [];
    const tenant = structure.areasByAgs.get(parsed.tenantAgs);
    if (!tenant) issues.push({ record: name, field: 'tenant', message: `unknown area "${parsed.tenantAgs}"` });
    const lebenslagen = new Set(structure.lebenslagen.map((l) => l.id));
    const names = tenant ? await serviceNamesFor(tenant.ags) : new Map<string, string>();
    for (const item of parsed.items) {
      if (!lebenslagen.has(item.lebenslageId))
        issues.push({ record: item.label, field: 'lebenslage', message: `unknown Lebenslage "${item.lebenslageId}"` });
      if (tenant && !names.has(item.serviceId))
        issues.push({ record: item.label, field: 'service', message: `unknown service "${item.serviceId}"` });
    }
    if (issues.length > 0)
      throw new ValidationError(`${name}: ${issues.length} reference(s) the catalog does not know`, issues);
    const summary = await replaceChecklist(
      q,
      parsed.tenantAgs,
      parsed.items.map((i) => ({ ...i, serviceName: names.get(i.serviceId) ?? i.serviceId })),
      new Date().toISOString(),
      options.dryRun ?? false,
    );
    return { ...summary, tenantAgs: parsed.tenantAgs, items: parsed.items.length, dryRun: options.dryRun ?? false };
  }

  async function importFile(path: string, options: { dryRun?: boolean } = {}) {
    return importText(readFileSync(path, 'utf8'), basename(path), options);
  }

  async function counties(): Promise<Area[]> {
    const [areas, tenants] = await Promise.all([catalog.listAreas(), checklistTenants()]);
    return areas.filter((a) => tenants.has(a.ags));
  }

  async function checklistTenantFor(townAgs: string): Promise<Area> {
    const [chain, tenants] = await Promise.all([catalog.areaChain(townAgs), checklistTenants()]);
    const keeper = chain.slice(1).find((area) => tenants.has(area.ags));
    if (keeper) return keeper;
    throw new NoChecklistError(
      `Für ${chain[0]?.name ?? townAgs} gibt es keine Checkliste (kein Kreis darüber pflegt eine).`,
      { ags: townAgs },
    );
  }

  /**
   * The checklist's services as the town's list shows them: the catalog service's snapshot and the core resolver
   * (the very functions behind `listAreaServices`), limited to the products on the checklist: a service the town's
   * list does not contain stays absent and counts as missing.
   */
  async function resolveForTown(
    townAgs: string,
    items: readonly ChecklistItem[],
    now: Date,
    alsoWanted: readonly string[] = [],
  ): Promise<ResolvedService[]> {
    const { snapshot } = await catalog.snapshotFor(townAgs);
    const wanted = new Set([...items.map((i) => i.serviceId), ...alsoWanted]);
    return visibleServices(snapshot, townAgs)
      .filter((s) => wanted.has(s.id))
      .map((s) => resolveService(snapshot, townAgs, s, now))
      .filter((r): r is ResolvedService => r !== null);
  }

  async function townCoverageOf(town: Area, items: readonly ChecklistItem[], now: Date): Promise<TownCoverage> {
    const [settings, reviews, openReports, structure] = await Promise.all([
      townSettings(town.ags),
      readReviews(q, town.ags),
      reports ? reports.openByService(town.ags) : Promise.resolve(new Map<string, number>()),
      catalog.structure(),
    ]);
    // Alternatives named by "not offered" settings are resolved too: their authority is the named alternative.
    const alternatives = [...settings.values()].flatMap((s) =>
      s.alternativeServiceId ? [s.alternativeServiceId] : [],
    );
    const resolved = await resolveForTown(town.ags, items, now, alternatives);
    const byId = new Map(resolved.map((s) => [s.id, s]));
    // The link states of every URL the town's products show, read in one go.
    const urls = new Set<string>();
    for (const item of items) {
      const s = byId.get(item.serviceId);
      if (!s) continue;
      for (const o of s.onlineServices) urls.add(o.url);
      for (const f of s.forms) urls.add(f.url);
      for (const u of [s.responsible.authority, s.responsible.contactPoint]) {
        if (u?.website) urls.add(u.website);
        if (u?.deepLink) urls.add(u.deepLink);
      }
      const setting = settings.get(item.serviceId);
      for (const o of setting?.localOnlineServices ?? []) urls.add(o.url);
      if (setting?.alternativeUrl) urls.add(setting.alternativeUrl);
    }
    const states = await links.statuses([...urls]);
    const evaluated = items.map((item) =>
      evaluateItem({
        item,
        service: byId.get(item.serviceId) ?? null,
        fallbackName: item.serviceName,
        townAgs: town.ags,
        mainAuthorityOf: (ags) => structure.areasByAgs.get(ags)?.mainAuthorityId ?? null,
        setting: settings.get(item.serviceId) ?? null,
        reviewedAt: reviews.get(item.serviceId)?.reviewedAt ?? null,
        reviewMaxAgeDays: maxAgeDays,
        openReports: openReports.get(item.serviceId) ?? 0,
        alternativeAuthorityOf: (serviceId) => {
          const alt = byId.get(serviceId)?.responsible.authority;
          return alt && !alt.sample ? alt.name : null;
        },
        linkState: (url) => states.get(url)?.state ?? 'unchecked',
        now,
      }),
    );
    // Lebenslagen in the project group's order (first appearance by position), named from the catalog.
    const order: Array<{ id: string; name: string }> = [];
    const seen = new Set<string>();
    const llNames = new Map(structure.lebenslagen.map((l) => [l.id, l.name]));
    for (const item of items) {
      if (seen.has(item.lebenslageId)) continue;
      seen.add(item.lebenslageId);
      order.push({ id: item.lebenslageId, name: llNames.get(item.lebenslageId) ?? item.lebenslageId });
    }
    return townCoverage(town, order, evaluated, now);
  }

  async function coverage(townAgs: string, now: Date = new Date()): Promise<TownCoverage> {
    const town = await catalog.getArea(townAgs);
    const county = await checklistTenantFor(town.ags);
    return cached(
      `town:${town.ags}`,
      async () => townCoverageOf(town, await readChecklistItems(q, county.ags), now),
      now,
    );
  }

  async function comparison(countyAgs: string, now: Date = new Date()): Promise<CountyComparisonView> {
    const county = await catalog.getArea(countyAgs);
    if (!(await checklistTenants()).has(county.ags))
      throw new NoChecklistError(`${county.name} pflegt keine Checkliste.`, { ags: countyAgs });
    return cached(
      `county:${county.ags}`,
      async () => {
        const [items, towns] = await Promise.all([readChecklistItems(q, county.ags), catalog.townsBelow(county.ags)]);
        const coverages: TownCoverage[] = [];
        for (const town of towns) coverages.push(await townCoverageOf(town, items, now));
        return { ...compareTowns(coverages, now), county: { ags: county.ags, name: county.name, slug: county.slug } };
      },
      now,
    );
  }

  async function review(
    townAgs: string,
    serviceId: string,
    by: string,
    note: string | null = null,
    now: Date = new Date(),
  ): Promise<void> {
    const town = await catalog.getArea(townAgs);
    const county = await checklistTenantFor(town.ags);
    const items = await readChecklistItems(q, county.ags);
    if (!items.some((i) => i.serviceId === serviceId)) {
      throw new NotFoundError(`"${serviceId}" steht nicht auf der Checkliste von ${county.name}.`, { serviceId });
    }
    await saveReview(q, town.ags, { serviceId, reviewedAt: now.toISOString(), reviewedBy: by, note });
  }

  return {
    importText,
    importFile,
    async seedIfEmpty(path = KREIS_SOEST_CHECKLIST) {
      const parsed = parseChecklistFile(readFileSync(path, 'utf8'), basename(path));
      if (!(await catalog.structure()).areasByAgs.has(parsed.tenantAgs)) return null;
      if ((await countChecklistItems(q, parsed.tenantAgs)) > 0) return null;
      return importFile(path);
    },
    items: (tenant) => readChecklistItems(q, tenant),
    checklistTenantFor,
    counties,
    townCoverage: coverage,
    comparison,
    review,
    lastReview: async (townAgs, serviceId) => (await readReview(q, townAgs, serviceId))?.reviewedAt ?? null,
    reviewsOf: async (tenantAgs) =>
      new Map([...(await readReviews(q, tenantAgs)).values()].map((r) => [r.serviceId, r.reviewedAt])),
    async markReviewed(tenantAgs, serviceIds, by, now = new Date()) {
      const reviewedAt = now.toISOString();
      await saveReviews(
        q,
        tenantAgs,
        [...new Set(serviceIds)].map((serviceId) => ({ serviceId, reviewedAt, reviewedBy: by, note: null })),
      );
    },
    reviewMaxAgeDays: maxAgeDays,
    editUrl,
  };
}
