// The checklist catalog's tables (issue #6). The project group's structure (Lebenslage → products with priority and
// interface to the county) belongs to the county's tenant; review ticks belong to each town.

/** One product of a Lebenslage in the project group's checklist. */
export interface ChecklistItemTable {
  /** `<lebenslageId>--<serviceId>`. */
  id: string;
  /** Who maintains the checklist: the county (e.g. "05974"). */
  tenantAgs: string;
  lebenslageId: string;
  serviceId: string;
  /** The product's name when the item was written: shown when the catalog no longer has the service. */
  serviceName: string;
  /** 'wichtig' | 'empfohlen'. */
  priority: string;
  /** JSON array of interface kind codes (at most one per decider); [] = derive from the resolver. */
  interfaceKinds: string;
  position: number;
  note: string | null;
  version: number;
  updatedAt: string;
}

/** A town editor's tick: "this product's texts were reviewed for our town on …". */
export interface ChecklistReviewTable {
  /** The town (tenant) that reviewed. */
  tenantAgs: string;
  serviceId: string;
  reviewedAt: string;
  /** E-mail or `cli`. */
  reviewedBy: string;
  note: string | null;
}
