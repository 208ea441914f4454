import { canWorkIn, keepsLocalSettings, type Principal, tenantKind } from '../auth/auth.ts';
import { asTenant, isAllTenants, scopeIncludes, scopeOfGrants, tenantScope } from '../catalog/index.ts';
import type { EditorContext } from './editor.context.ts';
import * as repo from './editor.repository.ts';
import { EditorNotFoundError, ownerPhraseOf } from './editor.ts';

/** The workspace's lists. */
export function createListUseCases(ctx: EditorContext) {
  const { k, catalog, deny, ancestorsOf } = ctx;
  const lists = {
    /** What the workspace of a tenant lists. */
    async workspace(p: Principal | null, tenant: string) {
      if (!p || !canWorkIn(p, tenant)) throw deny('diesen Bereich');
      const area = await lists.area(tenant);
      if (!area) throw new EditorNotFoundError(`Das Gebiet ${tenant} ist nicht im Katalog.`);
      const above = await ancestorsOf(tenant);
      const own = asTenant(tenant);
      const scope = tenantScope(own);
      const [services, authorities, contacts, drafts, schedules, staleMarks, { snapshot }] = await Promise.all([
        catalog.workspaceServices(own, keepsLocalSettings(tenant) ? above : []),
        catalog.authoritiesOf(own),
        catalog.contactsOf(own),
        repo.listDrafts(k, scope),
        repo.listTenantSchedules(k, scope),
        catalog.staleOf(own),
        // The resolver's cached snapshot of the area knows each service's Lebenslagen (the list's filter).
        catalog.snapshotFor(tenant),
      ]);
      // Services whose owner changed a field the town overrides (decision 0140), flagged until the town answers.
      const stale = new Set(staleMarks.map((m) => m.serviceId));
      const lebenslagenOf = new Map([...snapshot.services.values()].map((s) => [s.id, s.lebenslagen ?? []]));
      return { area, above, services, authorities, contacts, drafts, schedules, stale, lebenslagenOf };
    },

    /**
     * The services whose public page in the tenant's area shows invented contact data (its unit, contact point or a
     * contact person marked as sample), from the same resolver the portal uses.
     */
    async sampleServices(p: Principal | null, tenant: string): Promise<Set<string>> {
      if (!p || !canWorkIn(p, tenant)) throw deny('diesen Bereich');
      const resolved = await catalog.listAreaServices(tenant);
      return new Set(
        resolved
          .filter(
            ({ responsible: r }) => r.authority?.sample || r.contactPoint?.sample || r.contacts.some((c) => c.sample),
          )
          .map((s) => s.id),
      );
    },

    /**
     * What the forms offer instead of typed ids (datalists): the services the tenant's list shows, and the tenant's
     * own area with the areas below it.
     */
    async suggestions(tenant: string) {
      const above = await ancestorsOf(tenant);
      const [services, areas] = await Promise.all([
        catalog.workspaceServices(asTenant(tenant), tenantKind(tenant) === 'town' ? above : []),
        lists.areas(),
      ]);
      return {
        services: services.map((s) => ({ id: s.id, name: s.name })),
        areas: areas.filter((a) => a.ags.startsWith(tenant)).map((a) => ({ ags: a.ags, name: a.name })),
      };
    },

    /** Tenants a principal can open, with names. */
    async tenantsFor(p: Principal) {
      const scope = scopeOfGrants(p);
      if (!scope) return [];
      // An admin's scope is every tenant: every county and town (not the Land or the Bund above them).
      const all = isAllTenants(scope);
      return (await lists.areas()).filter((a) => (all ? tenantKind(a.ags) !== 'other' : scopeIncludes(scope, a.ags)));
    },

    /** The drafts of every tenant the principal works in. */
    async drafts(p: Principal) {
      const scope = scopeOfGrants(p);
      return scope ? repo.listDrafts(k, scope) : [];
    },

    async lebenslagen() {
      return catalog.lebenslagenWithVersions();
    },

    /** Area kinds by name (for the rules' choosers). */
    async areaKinds() {
      return (await catalog.listAreaKinds()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    /** Every area, by AGS. */
    async areas() {
      return catalog.listAreas();
    },

    async area(ags: string) {
      return (await catalog.structure()).areasByAgs.get(ags);
    },

    /**
     * How a sentence names the owner of a service (the stale panel, decision 0238): "der Bund", "das Land
     * Nordrhein-Westfalen", "der Kreis Soest" — from the area's kind and name as the catalog holds them.
     */
    async ownerPhrase(ags: string): Promise<string> {
      const s = await catalog.structure();
      const area = s.areasByAgs.get(ags);
      if (!area) return ags;
      const tiers = s.areaKinds.get(area.kind)?.tiers ?? [];
      return ownerPhraseOf({ name: area.name, registerKind: area.registerKind ?? null, tiers });
    },

    async tasks() {
      return catalog.tasks();
    },

    async authoritiesOf(tenant: string) {
      return catalog.authoritiesOf(asTenant(tenant));
    },
  };
  return lists;
}
