// A tenant's inbox: what can land in it, and the digest mail that summarises what is new. Pure rules; SQL in
// notifications.repository.ts, use cases in notifications.service.ts, SMTP in notifications.mailer.ts.

export const NOTIFICATION_KINDS = [
  'link_broken',
  'link_recovered',
  'schedule_ran',
  'schedule_failed',
  'stale_text',
  'upstream_change',
  'citizen_report',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  link_broken: 'Link defekt',
  link_recovered: 'Link funktioniert wieder',
  schedule_ran: 'Zeitplan ausgeführt',
  schedule_failed: 'Zeitplan fehlgeschlagen',
  stale_text: 'Eigener Text veraltet',
  upstream_change: 'Änderung im Katalog darüber',
  citizen_report: 'Fehlermeldung',
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export interface Notification {
  id: string;
  tenantAgs: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path in the workspace or the portal where the editor can act (always starting with "/"). */
  link: string | null;
  createdAt: string;
  readAt: string | null;
  emailedAt: string | null;
}

export const TITLE_MAX = 200;
export const BODY_MAX = 2000;

/** Titles and bodies come from catalog data and citizens' text: keep them one-line/short so the inbox stays readable. */
export function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/**
 * The dedupe key as stored: unique per tenant, so it carries the kind. The same event (one link breaking at one
 * moment, one report) lands in an inbox once however often the hook fires.
 */
export function dedupeKeyOf(kind: NotificationKind, key: string): string {
  return `${kind}:${key}`;
}

/** Only paths inside the app: a notification never sends an editor to a URL taken from data. */
export function safeLink(link: string | null | undefined): string | null {
  if (!link) return null;
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}

export interface Digest {
  subject: string;
  text: string;
}

/**
 * The digest mail for one tenant: plain text (every mail client shows it, nothing to track), grouped by kind,
 * each item with its absolute link when the public URL is known.
 */
export function composeDigest(
  tenantName: string,
  items: readonly Notification[],
  options: { publicUrl: string | null; intervalHours: number },
): Digest {
  const base = options.publicUrl?.replace(/\/+$/, '') ?? '';
  const period = options.intervalHours >= 168 ? 'Wochenübersicht' : 'Tagesübersicht';
  const lines: string[] = [
    `Guten Tag,`,
    '',
    `im Posteingang von ${tenantName} ${items.length === 1 ? 'ist 1 neue Nachricht' : `sind ${items.length} neue Nachrichten`}:`,
  ];
  for (const kind of NOTIFICATION_KINDS) {
    const ofKind = items.filter((i) => i.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push('', `${NOTIFICATION_KIND_LABELS[kind]} (${ofKind.length})`);
    for (const item of ofKind) {
      lines.push(`- ${item.title}`);
      if (item.body) lines.push(`  ${item.body.replace(/\s+/g, ' ')}`);
      if (item.link) lines.push(`  ${base}${item.link}`);
    }
  }
  lines.push('', `Alle Nachrichten: ${base}/editor/inbox`, '', '-- ', 'amtsweg (automatisch versandt)');
  return {
    subject: `amtsweg ${period} ${tenantName}: ${items.length} neue ${items.length === 1 ? 'Nachricht' : 'Nachrichten'}`,
    text: `${lines.join('\n')}\n`,
  };
}
