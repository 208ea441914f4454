// Edit conflicts: what someone else changed while an editor was editing, field by field, and the editor's explicit
// choice per differing field (mine / theirs). Pure: works on the edit documents of every record kind.
import { displayLines } from './editor.diff.ts';
import { type AnyDoc, EditConflictError, type EntityType, fieldLabel } from './editor.ts';

type Raw = Record<string, unknown>;

/** The state an editor's save ran into: the other draft, or (without one) the published record. */
export interface TheirState {
  kind: 'draft' | 'published';
  doc: AnyDoc;
  /** The published version this state is (or, for a draft, is based on); null for a draft of a new record. */
  baseVersion: number | null;
  /** The draft's version (0 when `kind` is `published`). */
  draftVersion: number;
  updatedAt: string;
  updatedBy: string;
}

export interface ConflictField {
  field: string;
  label: string;
  mine: unknown;
  theirs: unknown;
  /** The values as the lines an editor reads. */
  mineLines: string[];
  theirsLines: string[];
  /**
   * Who moved the field away from the version the editor started from: `you`, `them`, `both`; null when that
   * version is unknown. Only a hint: the editor still chooses.
   */
  changedBy: 'you' | 'them' | 'both' | null;
}

export interface Conflict {
  theirs: TheirState;
  /** The published version the editor started from (null: unknown or new). */
  yourBaseVersion: number | null;
  fields: ConflictField[];
}

export type Pick = 'mine' | 'theirs';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields in which `mine` and `theirs` differ, with who changed them against `base` (when known). */
export function conflictFields(type: EntityType, mine: AnyDoc, theirs: AnyDoc, base: AnyDoc | null): ConflictField[] {
  const m = mine as unknown as Raw;
  const t = theirs as unknown as Raw;
  const b = base as unknown as Raw | null;
  const out: ConflictField[] = [];
  for (const field of new Set([...Object.keys(m), ...Object.keys(t)])) {
    if (same(m[field], t[field])) continue;
    const changedBy = b ? (same(m[field], b[field]) ? 'them' : same(t[field], b[field]) ? 'you' : 'both') : null;
    out.push({
      field,
      label: fieldLabel(type, field),
      mine: m[field] ?? null,
      theirs: t[field] ?? null,
      mineLines: displayLines(m[field]),
      theirsLines: displayLines(t[field]),
      changedBy,
    });
  }
  return out;
}

/**
 * The document that takes, per differing field, the side the editor picked. Every differing field needs a pick:
 * `missing` lists those without one (then nothing may be written).
 */
export function resolveConflict(
  mine: AnyDoc,
  theirs: AnyDoc,
  fields: readonly ConflictField[],
  picks: Readonly<Record<string, Pick>>,
): { doc: AnyDoc; missing: ConflictField[] } {
  const doc = { ...(mine as unknown as Raw) };
  const missing: ConflictField[] = [];
  for (const f of fields) {
    const pick = picks[f.field];
    if (pick === 'theirs') doc[f.field] = (theirs as unknown as Raw)[f.field] ?? null;
    else if (pick !== 'mine') missing.push(f);
  }
  return { doc: doc as unknown as AnyDoc, missing };
}

/** The picks of a posted form: `_pick_<field>` = `mine` | `theirs`. */
export function picksOf(form: Record<string, unknown>): Record<string, Pick> {
  const out: Record<string, Pick> = {};
  for (const [k, v] of Object.entries(form)) {
    if (!k.startsWith('_pick_')) continue;
    const value = Array.isArray(v) ? v[0] : v;
    if (value === 'mine' || value === 'theirs') out[k.slice('_pick_'.length)] = value;
  }
  return out;
}

/** The problem body's view of a conflict (token API): the current state and the difference, field by field. */
export function conflictDetails(c: Conflict): Record<string, unknown> {
  return {
    currentVersion: c.theirs.baseVersion,
    current: {
      kind: c.theirs.kind,
      version: c.theirs.baseVersion,
      draftVersion: c.theirs.kind === 'draft' ? c.theirs.draftVersion : null,
      updatedAt: c.theirs.updatedAt,
      updatedBy: c.theirs.updatedBy,
      data: c.theirs.doc,
    },
    yourBaseVersion: c.yourBaseVersion,
    diff: c.fields.map((f) => ({
      field: f.field,
      label: f.label,
      yours: f.mine,
      theirs: f.theirs,
      changedBy: f.changedBy,
    })),
  };
}

/** A save that ran into someone else's change: carries the conflict (and the differing fields still without a pick). */
export class RecordConflictError extends EditConflictError {
  constructor(
    message: string,
    readonly conflict: Conflict,
    readonly missing: readonly string[] = [],
  ) {
    super(message, conflictDetails(conflict));
  }
}
