// Field-by-field differences between two states of a record (history, draft preview): a line diff (LCS) per field.
import { type AnyDoc, type EntityType, FIELD_LABELS, fieldLabel } from './editor.ts';

type Raw = Record<string, unknown>;

export type DiffLine = { op: 'same' | 'add' | 'del'; text: string };

export interface FieldDiff {
  field: string;
  label: string;
  lines: DiffLine[];
}

/** A value as the lines an editor reads: lists one item per line, objects as `key: value`. */
export function displayLines(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (typeof value === 'boolean') return [value ? 'ja' : 'nein'];
  if (typeof value === 'string') return value.split('\n');
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value))
    return value.flatMap((v) => (typeof v === 'object' && v ? [objectLine(v as Raw)] : displayLines(v)));
  if (typeof value === 'object')
    return Object.entries(value as Raw).map(([k, v]) => `${k}: ${displayLines(v).join(' ')}`);
  return [String(value)];
}

function objectLine(o: Raw): string {
  return Object.values(o)
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map((v) => String(v))
    .join(' · ');
}

/** Line diff by longest common subsequence (texts here are short: a few hundred lines at most). */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'del', text: a[i++]! });
  while (j < m) out.push({ op: 'add', text: b[j++]! });
  return out;
}

/** The fields that differ between two documents of one kind (either may be null: created / deleted). */
export function diffDocs(type: EntityType, before: AnyDoc | null, after: AnyDoc | null): FieldDiff[] {
  const keys = new Set([...Object.keys(FIELD_LABELS[type]), ...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: FieldDiff[] = [];
  for (const field of keys) {
    const a = (before as Raw | null)?.[field];
    const b = (after as Raw | null)?.[field];
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    out.push({ field, label: fieldLabel(type, field), lines: diffLines(displayLines(a), displayLines(b)) });
  }
  return out;
}
