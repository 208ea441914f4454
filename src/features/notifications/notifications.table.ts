// A tenant's inbox and who gets its digest by e-mail.

export interface NotificationTable {
  id: string;
  tenantAgs: string;
  /** link_broken | link_recovered | schedule_ran | schedule_failed | stale_text | upstream_change | citizen_report */
  kind: string;
  title: string;
  body: string;
  /** A path in the workspace or the portal where the editor can act. */
  link: string | null;
  /** Unique per tenant: the same event lands in the inbox once. */
  dedupeKey: string;
  createdAt: string;
  readAt: string | null;
  /** When a digest mail carried it (null: not yet mailed). */
  emailedAt: string | null;
}

export interface NotificationRecipientTable {
  tenantAgs: string;
  email: string;
  createdAt: string;
}
