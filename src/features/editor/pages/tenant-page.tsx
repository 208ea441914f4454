// A tenant's workspace: its services (and, for a town, the settings for those above it), units and contacts.

import { formatBerlin } from '../../../shared/berlin-time.ts';
import { Button, Hidden, Select, TextField } from '../../../web/ui/workspace-fields.tsx';
import type { Notice } from '../../../web/ui/workspace-layout.tsx';
import type { EntityType } from '../../auth/auth.ts';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { type AreaKeyKind, areaKeyKind } from '../../catalog/catalog.ts';
import { editPath, NEW } from '../editor.paths.ts';
import type { EditorService } from '../editor.service.ts';
import { areaServiceKey, ENTITY_LABELS } from '../editor.ts';
import {
  filterQuery,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
  SERVICE_STATUS_LABELS,
  SERVICE_STATUSES,
  type ServiceFilter,
} from '../editor.workspace-filter.ts';

type Workspace = Awaited<ReturnType<EditorService['workspace']>>;
export type ListedService = Workspace['services'][number] & {
  lebenslagen: readonly string[];
  draft: boolean;
  scheduled: boolean;
};
export interface ServiceListView {
  filter: ServiceFilter;
  items: ListedService[];
  total: number;
  page: number;
  pages: number;
  lebenslagen: ReadonlyArray<{ id: string; name: string }>;
  /** The review ticks are wired: the status "unreviewed" and the action "mark reviewed" are offered. */
  reviews?: boolean;
}

export function TenantPage({
  frame,
  ws,
  list,
  notice,
}: {
  frame: PageFrame;
  ws: Workspace;
  list: ServiceListView;
  notice?: Notice | null;
}) {
  const t = ws.area.ags;
  const town = ws.services.some((s) => s.tenantAgs !== t);
  const drafted = new Set(ws.drafts.map((d) => `${d.entityType}:${d.entityId}`));
  return (
    <Layout
      frame={frame}
      title={`Redaktion ${ws.area.name}`}
      notice={notice ?? null}
      crumbs={[{ label: 'Übersicht', href: '/editor' }, { label: ws.area.name }]}
    >
      {ws.drafts.length > 0 && (
        <section aria-labelledby="entwuerfe">
          <h2 class="kern-heading-medium" id="entwuerfe">
            Entwürfe ({ws.drafts.length})
          </h2>
          <ul class="kern-list">
            {ws.drafts.map((d) => (
              <li>
                <a class="kern-link" href={editPath(d.entityType as EntityType, d.tenantAgs, d.entityId)}>
                  {ENTITY_LABELS[d.entityType as EntityType]} {d.entityId}
                </a>{' '}
                – {d.updatedBy}, {formatBerlin(d.updatedAt, 'medium')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {ws.schedules.length > 0 && (
        <section aria-labelledby="geplant">
          <h2 class="kern-heading-medium" id="geplant">
            Geplant
          </h2>
          <ul class="kern-list">
            {ws.schedules.map((s) => (
              <li>
                <a class="kern-link" href={editPath(s.entityType as EntityType, s.tenantAgs, s.entityId)}>
                  {s.entityId}
                </a>
                : {s.action === 'publish' ? 'veröffentlichen' : 'entfernen'} am {formatBerlin(s.runAt, 'medium')}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ServiceList tenant={t} town={town} list={list} csrf={frame.csrf ?? ''} stale={ws.stale} units={ws.authorities} />
      <section aria-labelledby="einheiten">
        <h2 class="kern-heading-medium" id="einheiten">
          Organisationseinheiten ({ws.authorities.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/authorities/${NEW}`}>
            Neue Einheit anlegen
          </a>
        </p>
        <ul class="kern-list">
          {ws.authorities.map((a) => (
            <li>
              <a class="kern-link" href={`/editor/${t}/authorities/${a.id}`}>
                {a.name}
              </a>
              {drafted.has(`authority:${a.id}`) && <span class="ed-badge ed-badge--draft"> Entwurf</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="personen">
        <h2 class="kern-heading-medium" id="personen">
          Ansprechpersonen ({ws.contacts.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/contacts/${NEW}`}>
            Neue Ansprechperson anlegen
          </a>
        </p>
        <ul class="kern-list">
          {ws.contacts.map((c) => (
            <li>
              <a class="kern-link" href={`/editor/${t}/contacts/${c.id}`}>
                {c.name ?? c.role ?? c.id}
              </a>{' '}
              ({c.authorityName})
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** The level that owns a service above the tenant, for its list: "Bund", "Land", "Kreis" (decision 0238). */
const OWNER_LEVELS: Partial<Record<AreaKeyKind, string>> = {
  bund: 'Bund',
  land: 'Land',
  regierungsbezirk: 'Bezirksregierung',
  kreis: 'Kreis',
  gemeindeverband: 'Gemeindeverband',
  gemeinde: 'Gemeinde',
};
function ownerLevel(ags: string): string {
  const kind = areaKeyKind(ags);
  return (kind && OWNER_LEVELS[kind]) ?? 'Katalog';
}

/**
 * The services as one searchable, filterable, paged list: a GET form (works without JavaScript, every view has a URL),
 * and the page's rows as checkboxes of a POST form for the bulk actions, which first show what would change.
 */
function ServiceList({
  tenant,
  town,
  list,
  csrf,
  stale = new Set(),
  units,
}: {
  tenant: string;
  town: boolean;
  list: ServiceListView;
  csrf: string;
  /** Services whose owner changed a field this town overrides. */
  stale?: ReadonlySet<string>;
  /** The tenant's units, for "assign a unit". */
  units: ReadonlyArray<{ id: string; name: string }>;
}) {
  const f = list.filter;
  const townOnly = new Set(['local', 'catalog', 'not_offered', 'stale']);
  const statuses = SERVICE_STATUSES.filter(
    (s) => (town || !townOnly.has(s)) && (list.reviews || s !== 'unreviewed' || f.status === s),
  );
  return (
    <section aria-labelledby="leistungen">
      <h2 class="kern-heading-medium" id="leistungen">
        Leistungen ({list.total})
      </h2>
      <p class="kern-body">
        <a class="kern-link" href={`/editor/${tenant}/services/${NEW}`}>
          Neue Leistung anlegen
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/editor/${tenant}/tasks`}>
          Aufgaben und ihre Zuständigkeitsregeln
        </a>
      </p>
      <form method="get" action={`/editor/${tenant}`} class="ed-cols" aria-label="Leistungen filtern">
        <TextField name="q" label="Suche (Name oder Kennung)" value={f.q} width="medium" />
        {town && (
          <Select
            name="level"
            label="Ebene"
            value={f.level}
            options={SERVICE_LEVELS.map((l) => ({ value: l, label: SERVICE_LEVEL_LABELS[l] }))}
          />
        )}
        <Select
          name="lebenslage"
          label="Lebenslage"
          value={f.lebenslage}
          options={[{ value: '', label: 'alle' }, ...list.lebenslagen.map((l) => ({ value: l.id, label: l.name }))]}
        />
        <Select
          name="status"
          label="Status"
          value={f.status}
          options={[
            { value: '', label: 'alle' },
            ...statuses.map((s) => ({ value: s, label: SERVICE_STATUS_LABELS[s] })),
          ]}
        />
        <div class="ed-actions">
          <Button kind="secondary">Filtern</Button>
          <a class="kern-link" href={`/editor/${tenant}`}>
            Filter zurücksetzen
          </a>
        </div>
      </form>
      {list.total === 0 ? (
        <p class="kern-body" role="status">
          Keine Leistung passt zu diesem Filter.
        </p>
      ) : (
        <form method="post" action={`/editor/${tenant}/bulk${filterQuery(f)}`}>
          <Hidden name="_csrf" value={csrf} />
          <table class="kern-table ed-table">
            <caption>
              {list.pages > 1
                ? `Seite ${list.page} von ${list.pages} (${list.total} Leistungen)`
                : `${list.total} Leistungen`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Auswahl</th>
                <th scope="col">Leistung</th>
                <th scope="col">Ebene</th>
                <th scope="col">Stand</th>
                {town && <th scope="col">Vor Ort</th>}
              </tr>
            </thead>
            <tbody>
              {list.items.map((s) => {
                const own = s.tenantAgs === tenant;
                const ref = own ? `service:${s.id}` : `area_service:${areaServiceKey(tenant, s.id)}`;
                return (
                  <tr>
                    <td>
                      <input
                        class="kern-form-check__input"
                        type="checkbox"
                        name="ids"
                        value={ref}
                        id={`sel-${s.id}`}
                        aria-label={`${s.name} auswählen`}
                      />
                    </td>
                    <td>
                      <a class="kern-link" href={`/editor/${tenant}/services/${s.id}`}>
                        {s.name}
                      </a>
                      {s.draft && <span class="ed-badge ed-badge--draft"> Entwurf</span>}
                      {s.scheduled && <span class="ed-badge"> geplant</span>}
                      {stale.has(s.id) && (
                        <span class="ed-badge ed-badge--stale" data-testid="stale-flag">
                          {' '}
                          {ownerLevel(s.tenantAgs)} hat geändert – eigene Angaben prüfen
                        </span>
                      )}
                    </td>
                    <td>{own ? 'eigene' : ownerLevel(s.tenantAgs)}</td>
                    <td>{formatBerlin(s.updatedAt, 'medium')}</td>
                    {town && (
                      <td>
                        {own ? (
                          '–'
                        ) : s.offered === false ? (
                          <span class="ed-badge ed-badge--off">nicht angeboten</span>
                        ) : s.offered === true ? (
                          s.hasLocal ? (
                            'angeboten, mit eigenen Angaben'
                          ) : (
                            'angeboten'
                          )
                        ) : (
                          'Katalogstand'
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="ed-actions">
            <Button name="action" value="publish">
              Entwürfe der Auswahl veröffentlichen …
            </Button>
            {list.reviews && (
              <Button name="action" value="reviewed" kind="secondary">
                Auswahl als geprüft markieren …
              </Button>
            )}
          </div>
          {units.length > 0 && (
            <fieldset class="kern-fieldset">
              <legend class="kern-label">Organisationseinheit der Auswahl zuordnen</legend>
              <div class="ed-cols">
                <Select
                  name="authority"
                  label="Zuständige Stelle"
                  value=""
                  options={[
                    { value: '', label: 'bitte wählen' },
                    ...units.map((u) => ({ value: u.id, label: u.name })),
                  ]}
                />
                <div class="ed-actions">
                  <Button name="action" value="assign" kind="secondary">
                    Einheit zuordnen …
                  </Button>
                </div>
              </div>
            </fieldset>
          )}
        </form>
      )}
      {list.pages > 1 && (
        <nav aria-label="Seiten der Leistungsliste" class="ed-actions">
          {list.page > 1 && (
            <a class="kern-link" rel="prev" href={`/editor/${tenant}${filterQuery(f, list.page - 1)}`}>
              Vorherige Seite
            </a>
          )}
          <span class="kern-body">
            Seite {list.page} von {list.pages}
          </span>
          {list.page < list.pages && (
            <a class="kern-link" rel="next" href={`/editor/${tenant}${filterQuery(f, list.page + 1)}`}>
              Nächste Seite
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
