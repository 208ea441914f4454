// A tenant's workspace: its services (and, for a town, the settings for those above it), units and contacts.

import { formatBerlin } from '../../../shared/berlin-time.ts';
import type { EntityType } from '../../auth/auth.ts';
import { Layout, type PageFrame } from '../../auth/auth.workspace.tsx';
import { editPath, NEW } from '../editor.paths.ts';
import type { EditorService } from '../editor.service.ts';
import { areaServiceKey, ENTITY_LABELS } from '../editor.ts';

export function TenantPage({ frame, ws }: { frame: PageFrame; ws: Awaited<ReturnType<EditorService['workspace']>> }) {
  const t = ws.area.ags;
  const own = ws.services.filter((s) => s.tenantAgs === t);
  const above = ws.services.filter((s) => s.tenantAgs !== t);
  const drafted = new Set(ws.drafts.map((d) => `${d.entityType}:${d.entityId}`));
  return (
    <Layout
      frame={frame}
      title={`Redaktion ${ws.area.name}`}
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
      <section aria-labelledby="leistungen">
        <h2 class="kern-heading-medium" id="leistungen">
          Eigene Leistungen ({own.length})
        </h2>
        <p class="kern-body">
          <a class="kern-link" href={`/editor/${t}/services/${NEW}`}>
            Neue Leistung anlegen
          </a>{' '}
          ·{' '}
          <a class="kern-link" href={`/editor/${t}/tasks`}>
            Aufgaben und ihre Zuständigkeitsregeln
          </a>
        </p>
        <ServiceTable tenant={t} items={own} drafted={drafted} town={false} />
      </section>
      {above.length > 0 && (
        <section aria-labelledby="katalog">
          <h2 class="kern-heading-medium" id="katalog">
            Leistungen des Kreises in Ihrer Liste ({above.length})
          </h2>
          <p class="kern-body">
            Übernehmen, als „hier nicht angeboten“ kennzeichnen oder um eigene Texte, Kosten, Unterlagen und
            Onlinedienste ergänzen.
          </p>
          <ServiceTable tenant={t} items={above} drafted={drafted} town stale={ws.stale} />
        </section>
      )}
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

export function ServiceTable({
  tenant,
  items,
  drafted,
  town,
  stale = new Set(),
}: {
  tenant: string;
  items: Awaited<ReturnType<EditorService['workspace']>>['services'];
  drafted: Set<string>;
  town: boolean;
  /** Services whose owner changed a field this town overrides. */
  stale?: ReadonlySet<string>;
}) {
  return (
    <table class="kern-table ed-table">
      <caption class="ed-sr-only">{town ? 'Leistungen des Kreises' : 'Eigene Leistungen'}</caption>
      <thead>
        <tr>
          <th scope="col">Leistung</th>
          <th scope="col">Stand</th>
          {town && <th scope="col">Vor Ort</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr>
            <td>
              <a class="kern-link" href={`/editor/${tenant}/services/${s.id}`}>
                {s.name}
              </a>
              {(drafted.has(`service:${s.id}`) || drafted.has(`area_service:${areaServiceKey(tenant, s.id)}`)) && (
                <span class="ed-badge ed-badge--draft"> Entwurf</span>
              )}
              {stale.has(s.id) && (
                <span class="ed-badge ed-badge--stale" data-testid="stale-flag">
                  {' '}
                  Kreis hat geändert – eigene Angaben prüfen
                </span>
              )}
            </td>
            <td>{formatBerlin(s.updatedAt, 'medium')}</td>
            {town && (
              <td>
                {s.offered === false ? (
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
        ))}
      </tbody>
    </table>
  );
}
