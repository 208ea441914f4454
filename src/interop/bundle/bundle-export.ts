import { stringify } from 'yaml';
import type { CatalogService } from '../../features/catalog/catalog.service.ts';
import type { TenantScope } from '../../features/catalog/catalog.tenant.ts';
import { type Assignment, type Rule, SERVICE_TEXT_FIELDS } from '../../features/catalog/index.ts';
import type { BundleFile } from './bundle.schema.ts';

const opt = <T>(v: T | null | undefined): T | undefined => (v === null || v === undefined ? undefined : v);
const optList = <T>(v: T[]): T[] | undefined => (v.length ? v : undefined);

/** One override in the file's shape (the reader's `toRules` in reverse). */
const overrideOf = (r: Rule) => ({
  ...(r.matchType === 'area'
    ? { area: r.matchValue }
    : r.matchType === 'subtree'
      ? { subtree: r.matchValue }
      : { areaKind: r.matchValue }),
  within: opt(r.withinAgs),
  level: r.level,
  answeredBy: opt(r.answeredByAgs),
  legalBasis: opt(r.legalBasis),
  reason: opt(r.reason),
  validFrom: opt(r.validFrom),
  validUntil: opt(r.validUntil),
});

/**
 * Writes the records of the scope (all tenants only for a system or admin scope) in the bundle format, so that `import` of the result restores the same
 * records. Areas, kinds and Lebenslagen are always included: they are the shared structure the records refer to.
 */
export async function exportBundle(catalog: CatalogService, scope: TenantScope): Promise<BundleFile> {
  const structure = await catalog.structure();
  const [data, tasks] = await Promise.all([catalog.readTenants(scope), catalog.readTasks(scope)]);
  const byAuthority = new Map<string, Assignment[]>();
  for (const a of data.assignments) byAuthority.set(a.authorityId, [...(byAuthority.get(a.authorityId) ?? []), a]);

  return {
    format: 'amtsweg-bundle/2',
    areaKinds: [...structure.areaKinds.values()].map((k) => ({
      code: k.code,
      name: k.name,
      tiers: k.tiers,
      description: opt(k.description),
    })),
    areas: structure.areas.map((a) => ({
      ags: a.ags,
      ars: a.ars,
      name: a.name,
      kind: a.kind,
      parent: opt(a.parentAgs),
      slug: a.slug,
      postcodes: a.postcodes,
      population: opt(a.population),
      website: opt(a.website),
      mainAuthority: opt(a.mainAuthorityId),
      kindChanges: a.kindChanges?.length ? a.kindChanges : undefined,
    })),
    lebenslagen: structure.lebenslagen.map((l) => ({
      id: l.id,
      name: l.name,
      nameEn: opt(l.nameEn),
      parent: opt(l.parentId),
      themenfeld: opt(l.themenfeld),
      position: l.position,
      description: opt(l.description),
    })),
    tasks: optList(
      tasks.map((t) => ({
        code: t.code,
        tenant: t.tenantAgs,
        name: t.name,
        connectingFactor: opt(t.connectingFactor),
        responsibility: {
          default: t.defaultLevel,
          legalBasis: opt(t.defaultLegalBasis),
          reason: opt(t.defaultReason),
          overrides: optList(t.rules.map(overrideOf)),
        },
      })),
    ),
    services: data.services.map((s) => ({
      id: s.id,
      tenant: s.tenantAgs,
      leikaKey: opt(s.leikaKey),
      leikaType: opt(s.leikaType),
      name: s.name,
      synonyms: optList(s.synonyms),
      task: opt(s.task),
      lebenslagen: optList(s.lebenslagen),
      ...Object.fromEntries(SERVICE_TEXT_FIELDS.map((f) => [f, opt(s[f])])),
      forms: optList(s.forms),
      onlineServices: optList(
        s.onlineServices.map((o) => ({ title: o.title, url: o.url, type: o.type, trustLevel: opt(o.trustLevel) })),
      ),
      textModules: Object.keys(s.textModules).length ? s.textModules : undefined,
      audience: s.audience?.length ? s.audience : undefined,
      provenance: s.provenance
        ? {
            source: s.provenance.source,
            externalId: opt(s.provenance.externalId),
            upstreamUpdatedAt: opt(s.provenance.upstreamUpdatedAt),
          }
        : undefined,
      connectingFactor: opt(s.connectingFactor),
      // A service that inherits its task's responsibility has none of its own to write.
      responsibility: s.inheritsResponsibility
        ? undefined
        : {
            default: s.defaultLevel,
            legalBasis: opt(s.defaultLegalBasis),
            reason: opt(s.defaultReason),
            overrides: optList(s.rules.map(overrideOf)),
          },
    })),
    authorities: data.authorities.map((a) => {
      // Assignments that differ only by area were one entry with `areas: [...]`: fold them back.
      const groups = new Map<string, { entry: Record<string, unknown>; areas: string[] }>();
      for (const x of byAuthority.get(a.id) ?? []) {
        const key = JSON.stringify([x.serviceId, x.task, x.role, x.deepLink, x.note, x.validFrom, x.validUntil]);
        const g = groups.get(key);
        if (g) g.areas.push(x.areaAgs);
        else
          groups.set(key, {
            entry: {
              service: opt(x.serviceId),
              task: opt(x.task),
              role: x.role,
              deepLink: opt(x.deepLink),
              note: opt(x.note),
              validFrom: opt(x.validFrom),
              validUntil: opt(x.validUntil),
            },
            areas: [x.areaAgs],
          });
      }
      return {
        id: a.id,
        area: a.areaAgs,
        tenant: a.tenantAgs,
        parent: opt(a.parentId),
        name: a.name,
        address: { street: opt(a.address.street), postcode: opt(a.address.postcode), city: opt(a.address.city) },
        phone: opt(a.phone),
        fax: opt(a.fax),
        email: opt(a.email),
        website: opt(a.website),
        openingHours: opt(a.openingHours),
        openingHoursNote: opt(a.openingHoursNote),
        accessibility: opt(a.accessibility),
        sample: a.sample || undefined,
        responsibleFor: optList(
          [...groups.values()].map((g) => ({
            ...g.entry,
            areas: g.areas.length === 1 && g.areas[0] === a.areaAgs ? undefined : g.areas,
          })),
        ),
      };
    }) as BundleFile['authorities'],
    contacts: data.contacts.map((c) => ({
      id: c.id,
      authority: c.authorityId,
      tenant: c.tenantAgs,
      name: opt(c.name),
      role: opt(c.role),
      phone: opt(c.phone),
      email: opt(c.email),
      room: opt(c.room),
      sample: c.sample || undefined,
      services: optList(c.serviceIds),
      tasks: optList(c.tasks),
      areas: c.areas?.length ? c.areas : undefined,
    })),
    settings: optList(
      data.localSettings.map((l) => ({
        area: l.areaAgs,
        service: l.serviceId,
        offered: l.offered,
        reason: opt(l.reason),
        alternativeUrl: opt(l.alternativeUrl),
        alternativeService: opt(l.alternativeServiceId),
        localText: opt(l.localText),
        localFees: opt(l.localFees),
        localDocuments: opt(l.localDocuments),
        localOnlineServices: optList(
          l.localOnlineServices.map((o) => ({
            title: o.title,
            url: o.url,
            type: o.type,
            trustLevel: opt(o.trustLevel),
          })),
        ),
      })),
    ),
  };
}

/** YAML without `undefined` keys (the yaml package would write them as null). */
export function bundleToYaml(bundle: BundleFile): string {
  return stringify(JSON.parse(JSON.stringify(bundle)), { lineWidth: 0 });
}
