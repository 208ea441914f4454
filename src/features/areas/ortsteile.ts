// Reads a places file (data/places/*.yaml: `ortsteile: [{ name, town }]`) into place rows; bad entries are named.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import type { AreaPlace } from './areas.repository.ts';

export function readOrtsteile(path: string, source: string, knownAgs: ReadonlySet<string>): AreaPlace[] {
  const doc = parse(readFileSync(path, 'utf8')) as { ortsteile?: unknown };
  const list = Array.isArray(doc?.ortsteile) ? doc.ortsteile : [];
  const issues: ValidationIssue[] = [];
  const places: AreaPlace[] = [];
  list.forEach((entry: unknown, i: number) => {
    const e = entry as { name?: unknown; town?: unknown };
    const record = `${source}: ortsteile[${i}]`;
    if (typeof e?.name !== 'string' || e.name.trim() === '') {
      issues.push({ record, field: 'name', message: 'must be a non-empty text' });
      return;
    }
    if (typeof e.town !== 'string' || !knownAgs.has(e.town)) {
      issues.push({
        record,
        field: 'town',
        message: `must be the AGS of a known Gemeinde, not ${String(e.town)}`,
      });
      return;
    }
    places.push({ areaAgs: e.town, name: e.name.trim(), kind: 'ortsteil', source });
  });
  if (issues.length > 0)
    throw new ValidationError(`${source}: ${issues.length} bad Ortsteil(e); nothing was written`, issues);
  return places;
}
