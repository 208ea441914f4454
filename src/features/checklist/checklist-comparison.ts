// The county comparison: every town's coverage side by side, the gaps most towns share.

import type { CheckName, Priority } from './checklist.ts';
import { type CoverageCounts, countItems, type TownCoverage } from './checklist-coverage.ts';

export interface CommonGap {
  serviceId: string;
  serviceName: string;
  priority: Priority;
  /** Towns (AGS) where this product is not complete. */
  towns: string[];
  /** Which checks fail, and in how many towns. */
  failing: Array<{ check: CheckName | 'status'; count: number }>;
}

export interface CountyComparison {
  generatedAt: string;
  towns: Array<{ ags: string; name: string; slug: string } & CoverageCounts>;
  lebenslagen: Array<{ id: string; name: string }>;
  /** cells[l][t]: degree of fulfilment (score) of Lebenslage l in town t; null when the town has no item there. */
  cells: Array<Array<number | null>>;
  commonGaps: CommonGap[];
  /** Towns by missing contacts (desc), then by broken links. */
  mostMissingContacts: Array<{ ags: string; name: string; count: number }>;
  mostBrokenLinks: Array<{ ags: string; name: string; count: number }>;
  totals: CoverageCounts;
}

export function compareTowns(coverages: readonly TownCoverage[], now: Date, limit = 10): CountyComparison {
  const lebenslagen: Array<{ id: string; name: string }> = [];
  const seen = new Set<string>();
  for (const c of coverages)
    for (const l of c.lebenslagen)
      if (!seen.has(l.lebenslageId)) {
        seen.add(l.lebenslageId);
        lebenslagen.push({ id: l.lebenslageId, name: l.name });
      }
  const cells = lebenslagen.map((l) =>
    coverages.map((c) => {
      const group = c.lebenslagen.find((g) => g.lebenslageId === l.id);
      return group ? group.score : null;
    }),
  );

  // One product may sit in several Lebenslagen: count it once per town.
  const gaps = new Map<string, CommonGap & { failingMap: Map<CheckName | 'status', Set<string>> }>();
  for (const c of coverages) {
    const done = new Set<string>();
    for (const l of c.lebenslagen)
      for (const i of l.items) {
        if (i.complete || done.has(i.serviceId)) continue;
        done.add(i.serviceId);
        const gap = gaps.get(i.serviceId) ?? {
          serviceId: i.serviceId,
          serviceName: i.serviceName,
          priority: i.priority,
          towns: [] as string[],
          failing: [],
          failingMap: new Map<CheckName | 'status', Set<string>>(),
        };
        if (i.priority === 'wichtig') gap.priority = 'wichtig';
        gap.towns.push(c.ags);
        const failed: Array<CheckName | 'status'> =
          i.status === 'missing' ? ['status'] : i.checks.filter((k) => k.state === 'fail').map((k) => k.name);
        for (const f of failed) {
          const set = gap.failingMap.get(f) ?? new Set<string>();
          set.add(c.ags);
          gap.failingMap.set(f, set);
        }
        gaps.set(i.serviceId, gap);
      }
  }
  const commonGaps = [...gaps.values()]
    .map(({ failingMap, ...g }) => ({
      ...g,
      failing: [...failingMap]
        .map(([check, towns]) => ({ check, count: towns.size }))
        .sort((a, b) => b.count - a.count),
    }))
    .sort(
      (a, b) =>
        b.towns.length - a.towns.length ||
        (a.priority === b.priority ? 0 : a.priority === 'wichtig' ? -1 : 1) ||
        a.serviceName.localeCompare(b.serviceName, 'de'),
    )
    .slice(0, limit);

  const towns = coverages.map((c) => {
    const { lebenslagen: _l, generatedAt: _g, ...rest } = c;
    return rest;
  });
  const rank = (key: 'missingContacts' | 'brokenLinks') =>
    towns
      .filter((t) => t[key] > 0)
      .map((t) => ({ ags: t.ags, name: t.name, count: t[key] }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'de'))
      .slice(0, limit);

  return {
    generatedAt: now.toISOString(),
    towns,
    lebenslagen,
    cells,
    commonGaps,
    mostMissingContacts: rank('missingContacts'),
    mostBrokenLinks: rank('brokenLinks'),
    totals: countItems(coverages.flatMap((c) => c.lebenslagen.flatMap((l) => l.items))),
  };
}
