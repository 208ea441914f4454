// The link checker's tables. A link is identified by its normalised URL: the same address used by several towns is
// checked once. Link results are facts about public web addresses, not tenant data; which town shows a link is
// derived from the catalog at read time (see links.service.ts).

/** One checked URL and its state across checks. */
export interface LinkTable {
  url: string;
  /** host[:port], the politeness key. */
  host: string;
  /** unchecked | ok | moved | failing | broken | skipped (see LINK_STATES). */
  state: string;
  lastOutcome: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  finalUrl: string | null;
  /** JSON array of { status, location }. */
  redirects: string;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  failingSince: string | null;
  brokeAt: string | null;
  consecutiveFailures: number;
  checkCount: number;
  durationMs: number | null;
  firstSeenAt: string;
  updatedAt: string;
}

/** One run of the checker (CLI, schedule or API): its counts, and a lease so that two instances do not overlap. */
export interface LinkCheckRunTable {
  id: string;
  /** cli | schedule | api */
  trigger: string;
  /** Which process runs it (host:pid), for the lease. */
  owner: string;
  /** 1 while the run holds the lease, null afterwards (unique: one active run at a time). */
  active: number | null;
  startedAt: string;
  /** While running: the time after which another instance may take over (a crashed run). */
  leaseUntil: string;
  finishedAt: string | null;
  total: number;
  checked: number;
  working: number;
  failing: number;
  broken: number;
  skipped: number;
  /** JSON array of URLs that broke in this run. */
  newlyBroken: string;
  /** JSON array of URLs that work again. */
  recovered: string;
  error: string | null;
  /** checked | could_not_check (no server answered: no link's state was changed); null for runs before 0010. */
  verdict: string | null;
}
