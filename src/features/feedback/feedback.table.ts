// The citizens' error reports. Owned by the tenant that owns the record the citizen saw.

export interface FeedbackReportTable {
  id: string;
  tenantAgs: string;
  /** The place whose page the citizen was on. */
  areaAgs: string;
  serviceId: string | null;
  /** service | area_service | authority | area (see REPORT_RECORD_TYPES). */
  recordType: string;
  recordId: string;
  /** wrong_authority | wrong_contact | outdated_text | broken_link | other */
  category: string;
  message: string;
  /** Only when the citizen asked for an answer. */
  email: string | null;
  pageUrl: string;
  /** JSON of the answer shown (see ShownAnswer). */
  shownAnswer: string;
  /** open | answered | closed */
  status: string;
  answer: string | null;
  /** Label of the editor who last answered or closed it. */
  handledBy: string | null;
  createdAt: string;
  answeredAt: string | null;
  closedAt: string | null;
}
