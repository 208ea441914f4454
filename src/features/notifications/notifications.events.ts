// What each feedback loop puts into which inbox: pure mappings from the link checker's changes and citizens'
// reports to notices. The app's wiring calls them from the features' hooks and hands the notices to `notify`.
import { type CatalogNotice, fieldLabel } from '../catalog/index.ts';
import type { Report } from '../feedback/index.ts';
import { REPORT_CATEGORY_LABELS } from '../feedback/index.ts';
import type { LinkChange } from '../links/index.ts';
import { LINK_KIND_LABELS } from '../links/index.ts';
import type { NotificationKind } from './notifications.ts';

export interface Notice {
  tenantAgs: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  link: string | null;
  key: string;
}

/** The page where the link shows: the service page in that area's view, or the area's start page. */
type SlugOf = (ags: string) => string | null;

/**
 * One notice per tenant whose views show a link that broke (or works again): the town sees it for its own site,
 * the Kreis for its own. Keyed by the moment it broke, so a link that stays broken is told once, and one that breaks
 * again later is told again.
 */
export function linkChangeNotices(changes: readonly LinkChange[], slugOf: SlugOf): Notice[] {
  const out: Notice[] = [];
  for (const change of changes) {
    const byTenant = new Map<string, LinkChange['sources']>();
    for (const s of change.sources) byTenant.set(s.areaAgs, [...(byTenant.get(s.areaAgs) ?? []), s]);
    const broke = change.event === 'broke';
    const when = broke ? (change.status.brokeAt ?? change.status.lastCheckedAt) : change.status.lastCheckedAt;
    for (const [tenantAgs, sources] of byTenant) {
      const first = sources[0];
      const slug = slugOf(tenantAgs);
      const where = sources
        .slice(0, 5)
        .map((s) => `${LINK_KIND_LABELS[s.kind]} „${s.label}“${s.serviceId ? ` (${s.serviceId})` : ''}`)
        .join('; ');
      const more = sources.length > 5 ? ` und ${sources.length - 5} weitere Stellen` : '';
      const why = change.status.lastHttpStatus
        ? `HTTP ${change.status.lastHttpStatus}`
        : (change.status.lastError ?? change.status.lastOutcome ?? '');
      out.push({
        tenantAgs,
        kind: broke ? 'link_broken' : 'link_recovered',
        subject: `${broke ? 'Link defekt' : 'Link funktioniert wieder'}: ${change.status.url}`,
        body: `${broke && why ? `${why}. ` : ''}Zu sehen bei: ${where}${more}.`,
        link: slug ? (first?.serviceId ? `/${slug}/leistungen/${first.serviceId}` : `/${slug}/`) : null,
        key: `${change.status.url}@${when ?? ''}`,
      });
    }
  }
  return out;
}

/** A citizen's report goes to the tenant it was routed to, linking to the report in the workspace. */
export function reportNotice(report: Report): Notice {
  return {
    tenantAgs: report.tenantAgs,
    kind: 'citizen_report',
    subject: `Fehlermeldung zu „${report.shownAnswer.serviceName}“: ${REPORT_CATEGORY_LABELS[report.category]}`,
    body: report.message,
    link: `/editor/reports/${report.id}`,
    key: report.id,
  };
}

/** What the editors' scheduler reports for one scheduled publication that was due. */
export interface ScheduleOutcome {
  tenantAgs: string;
  type: string;
  id: string;
  action: string;
  ok: boolean;
  message?: string;
  /** When it ran (ISO 8601): together with the record it makes the notice's key. */
  at: string;
  /** The record's page in the workspace. */
  link: string;
}

/** A scheduled publication that ran (or failed) is told to the tenant that owns the record, once per run. */
export function scheduleNotice(o: ScheduleOutcome): Notice {
  const what = o.action === 'publish' ? 'Veröffentlichung' : 'Entfernung';
  return {
    tenantAgs: o.tenantAgs,
    kind: o.ok ? 'schedule_ran' : 'schedule_failed',
    subject: o.ok ? `Geplante ${what} ausgeführt: ${o.id}` : `Geplante ${what} fehlgeschlagen: ${o.id}`,
    body: o.ok ? `Die geplante ${what} von „${o.id}“ ist erfolgt.` : (o.message ?? 'Unbekannter Fehler.'),
    link: o.link,
    key: `${o.type}:${o.id}:${o.action}:${o.at}`,
  };
}

/**
 * What a catalog write left for a town: its own value of a field the owner changed (`stale_text`, link to its
 * setting in the workspace, where it confirms or edits), or an import changed the text of a service it has values of
 * its own for (`upstream_change`). Keyed by the catalog's notice, so each lands once.
 */
export function catalogNotice(n: CatalogNotice): Notice {
  const fields = n.fields.map(fieldLabel).join(', ');
  const link = `/editor/${n.tenantAgs}/services/${n.serviceId}`;
  if (n.kind === 'stale_text')
    return {
      tenantAgs: n.tenantAgs,
      kind: 'stale_text',
      subject: `Eigene Angaben prüfen: „${n.serviceName}“ (${fields})`,
      body: `Die Leistung wurde geändert (${fields}), und Ihre Stadt/Gemeinde hat dafür eigene Angaben. Bitte prüfen: eigene Angaben anpassen oder mit „Meine Angaben bleiben“ bestätigen. Bis dahin zeigt das Portal Ihre Angaben mit einem Hinweis.`,
      link,
      key: n.id,
    };
  return {
    tenantAgs: n.tenantAgs,
    kind: 'upstream_change',
    subject: `Änderung im Katalog: „${n.serviceName}“ (${fields})`,
    body: `Ein Import (${n.source}) hat den Text dieser Leistung geändert: ${fields}. Ihre Stadt/Gemeinde hat dafür eigene Angaben; bitte prüfen, ob sie noch passen.`,
    link,
    key: n.id,
  };
}
