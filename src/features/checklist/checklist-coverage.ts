// A town's coverage: counts and scores of the evaluated products, grouped by Lebenslage.

import { normalizeUrl } from '../links/links.ts';
import type { CheckState, EvaluatedItem } from './checklist.ts';

export interface CoverageCounts {
  total: number;
  complete: number;
  offered: number;
  notOffered: number;
  missing: number;
  /** Products whose contact check failed. */
  missingContacts: number;
  /** Distinct broken URLs shown in these products. */
  brokenLinks: number;
  /** complete / total in whole percent (0 when total is 0). */
  percent: number;
  /**
   * Degree of fulfilment in whole percent: the mean over products of their checks (ok = 1, hint = ½, missing = 0;
   * not applicable left out). Finer than `percent`, which counts a product only when nothing is missing.
   */
  score: number;
  importantTotal: number;
  importantComplete: number;
}

export interface LebenslageCoverage extends CoverageCounts {
  lebenslageId: string;
  name: string;
  items: EvaluatedItem[];
}

export interface TownCoverage extends CoverageCounts {
  ags: string;
  name: string;
  slug: string;
  generatedAt: string;
  lebenslagen: LebenslageCoverage[];
}

export function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 100);
}

const CHECK_VALUE: Record<CheckState, number | null> = { ok: 1, warn: 0.5, fail: 0, na: null };

/** One product's degree of fulfilment, 0…1. */
export function itemScore(item: EvaluatedItem): number {
  if (item.status === 'missing') return 0;
  const values = item.checks.map((c) => CHECK_VALUE[c.state]).filter((v): v is number => v !== null);
  if (values.length === 0) return item.complete ? 1 : 0;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function countItems(items: readonly EvaluatedItem[]): CoverageCounts {
  const broken = new Set<string>();
  for (const i of items) for (const l of i.links) if (l.state === 'broken') broken.add(normalizeUrl(l.url) ?? l.url);
  const complete = items.filter((i) => i.complete).length;
  const important = items.filter((i) => i.priority === 'wichtig');
  return {
    total: items.length,
    complete,
    offered: items.filter((i) => i.status === 'offered').length,
    notOffered: items.filter((i) => i.status === 'not_offered').length,
    missing: items.filter((i) => i.status === 'missing').length,
    missingContacts: items.filter((i) => i.checks.some((c) => c.name === 'contact' && c.state === 'fail')).length,
    brokenLinks: broken.size,
    percent: percent(complete, items.length),
    score: items.length === 0 ? 0 : Math.round((items.reduce((sum, i) => sum + itemScore(i), 0) / items.length) * 100),
    importantTotal: important.length,
    importantComplete: important.filter((i) => i.complete).length,
  };
}

/** Groups evaluated items by Lebenslage in the given order (Lebenslagen without items are left out). */
export function townCoverage(
  town: { ags: string; name: string; slug: string },
  lebenslagen: ReadonlyArray<{ id: string; name: string }>,
  items: readonly EvaluatedItem[],
  now: Date,
): TownCoverage {
  const groups: LebenslageCoverage[] = [];
  for (const ll of lebenslagen) {
    const own = items.filter((i) => i.lebenslageId === ll.id);
    if (own.length > 0) groups.push({ lebenslageId: ll.id, name: ll.name, items: own, ...countItems(own) });
  }
  return {
    ags: town.ags,
    name: town.name,
    slug: town.slug,
    generatedAt: now.toISOString(),
    lebenslagen: groups,
    ...countItems(items),
  };
}
