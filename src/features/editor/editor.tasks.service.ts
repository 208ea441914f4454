// Use cases of the editors' task pages (decision 0150): a task's rules are read and changed here, and every change
// is one write through the catalog's write path with the version the editor saw, so it gets a revision, an audit
// entry and a conflict when someone else changed the task meanwhile. "Geseke runs its own Bauaufsicht from
// 1.1.2027" is one added rule with a start date; ending a rule is one end date. No drafts: a dated rule is its own
// schedule.
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { canEdit, canWorkIn, type Principal } from '../auth/auth.ts';
import {
  asTenant,
  emptyChangeSet,
  isDay,
  LEVELS,
  type Level,
  RULE_MATCH_TYPES,
  type Rule,
  type Service,
  type Task,
  tenantScope,
  VersionConflictError,
} from '../catalog/index.ts';
import type { EditorContext } from './editor.context.ts';
import { EditConflictError, EditorNotFoundError } from './editor.ts';

/** What the add-rule form sends, as typed (kept on the page when it is refused). */
export interface RuleInput {
  matchType: string;
  matchValue: string;
  within: string;
  level: string;
  answeredBy: string;
  validFrom: string;
  validUntil: string;
  legalBasis: string;
  reason: string;
}

export const MATCH_LABELS: Record<(typeof RULE_MATCH_TYPES)[number], string> = {
  area: 'ein Gebiet',
  subtree: 'ein Gebiet und alles darunter',
  area_kind: 'eine Gebietsart',
};

const opt = (v: string) => (v.trim() === '' ? null : v.trim());

/** The form's problems that need no database, each on its field, naming what is allowed. */
export function ruleInputIssues(input: RuleInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!(RULE_MATCH_TYPES as readonly string[]).includes(input.matchType))
    issues.push({ field: 'matchType', message: `Bitte wählen: ${Object.values(MATCH_LABELS).join(', ')}.` });
  if (!input.matchValue.trim())
    issues.push({
      field: 'matchValue',
      message:
        input.matchType === 'area_kind'
          ? 'Bitte den Code der Gebietsart angeben.'
          : 'Bitte den AGS des Gebiets angeben.',
    });
  if (!(LEVELS as readonly string[]).includes(input.level))
    issues.push({ field: 'level', message: `Erlaubt: ${LEVELS.join(', ')}.` });
  for (const field of ['validFrom', 'validUntil'] as const) {
    const v = opt(input[field]);
    if (v && !isDay(v)) issues.push({ field, message: `„${v}“ ist kein Datum; bitte als JJJJ-MM-TT angeben.` });
  }
  if (!opt(input.reason))
    issues.push({ field: 'reason', message: 'Bitte in einem Satz begründen, warum diese Stelle zuständig ist.' });
  return issues;
}

/** The catalog's issue on a rule of the list (`overrides.3.area`) as the form's field of the new rule. */
function formField(field: string, newIndex: number): string {
  const m = /^overrides\.(\d+)\.(.+)$/.exec(field);
  if (!m || Number(m[1]) !== newIndex) return field;
  const key = m[2] ?? '';
  return key === 'area' || key === 'subtree' || key === 'areaKind'
    ? 'matchValue'
    : key === 'within'
      ? 'within'
      : key === 'answeredBy'
        ? 'answeredBy'
        : key;
}

export function createTaskUseCases(ctx: EditorContext) {
  const { catalog } = ctx;

  function mayRead(p: Principal | null, tenant: string) {
    if (!p || !canWorkIn(p, tenant)) throw ctx.deny('diesen Bereich');
  }
  // Whoever edits a tenant's services edits its tasks: the task's rules are their services' responsibility.
  function mayEdit(p: Principal | null, tenant: string): Principal {
    if (!p || !canEdit(p, 'service', tenant)) throw ctx.deny('die Aufgaben dieses Bereichs');
    return p;
  }

  async function ownTasks(tenant: string): Promise<Task[]> {
    return catalog.readTasks(tenantScope(asTenant(tenant)));
  }

  async function task(p: Principal | null, tenant: string, code: string) {
    mayRead(p, tenant);
    const found = (await ownTasks(tenant)).find((t) => t.code === code);
    if (!found) throw new EditorNotFoundError(`Die Aufgabe „${code}“ gibt es in diesem Bereich nicht.`);
    // The services of the task the tenant sees: those without their own responsibility follow these rules.
    const { snapshot } = await catalog.snapshotFor(tenant);
    const services: Array<Pick<Service, 'id' | 'name' | 'tenantAgs'> & { inherits: boolean }> = [
      ...snapshot.services.values(),
    ]
      .filter((s) => s.task === code)
      .sort((a, b) => a.name.localeCompare(b.name, 'de'))
      .map((s) => ({ id: s.id, name: s.name, tenantAgs: s.tenantAgs, inherits: !!s.inheritsResponsibility }));
    return { task: found, services, editable: !!p && canEdit(p, 'service', tenant) };
  }

  /** Writes the task with its new rule list; a moved version is the editor's conflict, issues land on the form. */
  async function writeRules(p: Principal, current: Task, rules: Rule[], version: number, ip?: string) {
    const set = emptyChangeSet();
    set.tasks = [
      {
        label: `Aufgabe ${current.code}`,
        value: { ...current, rules: rules.map((r, i) => ({ ...r, position: i })) },
        expectedVersion: version,
      },
    ];
    try {
      await catalog.write(set, {
        actor: p,
        source: 'editor',
        lang: 'de',
        action: 'publish',
        audit: { action: 'task.rules', ip: ip ?? null },
      });
    } catch (error) {
      if (error instanceof VersionConflictError)
        throw new EditConflictError(
          `Die Aufgabe wurde inzwischen geändert (jetzt Version ${error.current ?? '–'}). Bitte die Seite neu laden und die Änderung erneut eintragen; nichts wurde gespeichert.`,
          { currentVersion: error.current },
        );
      if (error instanceof ValidationError)
        throw new ValidationError(
          error.message,
          error.issues.map((i) => ({ ...i, field: formField(i.field, rules.length - 1) })),
        );
      throw error;
    }
  }

  return {
    /** The tasks a tenant owns (with their rules), for its workspace. */
    async tenantTasks(p: Principal | null, tenant: string) {
      mayRead(p, tenant);
      return ownTasks(tenant);
    },

    taskView: task,

    /** Adds one rule (dated or not) at the end of the task's list: one change, one revision. */
    async addTaskRule(
      p: Principal | null,
      tenant: string,
      code: string,
      input: RuleInput,
      version: number,
      ip?: string,
    ) {
      const editor = mayEdit(p, tenant);
      const { task: current } = await task(editor, tenant, code);
      const issues = ruleInputIssues(input);
      if (issues.length) throw new ValidationError('Bitte die Eingaben prüfen.', issues);
      const taken = new Set(current.rules.map((r) => r.id));
      let n = current.rules.length;
      while (taken.has(`task:${code}#${n}`)) n++;
      const rule: Rule = {
        id: `task:${code}#${n}`,
        position: current.rules.length,
        matchType: input.matchType as Rule['matchType'],
        matchValue: input.matchValue.trim(),
        withinAgs: opt(input.within),
        level: input.level as Level,
        legalBasis: opt(input.legalBasis),
        reason: opt(input.reason),
        ...(opt(input.answeredBy) ? { answeredByAgs: opt(input.answeredBy) } : {}),
        ...(opt(input.validFrom) ? { validFrom: opt(input.validFrom) } : {}),
        ...(opt(input.validUntil) ? { validUntil: opt(input.validUntil) } : {}),
      };
      await writeRules(editor, current, [...current.rules, rule], version, ip);
    },

    /** Ends one rule on a day (it holds until the day before): the rule stays in the list and in the history. */
    async endTaskRule(
      p: Principal | null,
      tenant: string,
      code: string,
      ruleId: string,
      until: string,
      version: number,
      ip?: string,
    ) {
      const editor = mayEdit(p, tenant);
      const { task: current } = await task(editor, tenant, code);
      if (!isDay(until))
        throw new ValidationError('Bitte die Eingaben prüfen.', [
          { field: `end-${ruleId}`, message: `„${until}“ ist kein Datum; bitte als JJJJ-MM-TT angeben.` },
        ]);
      if (!current.rules.some((r) => r.id === ruleId))
        throw new EditorNotFoundError('Diese Regel gibt es nicht (mehr); bitte die Seite neu laden.');
      const rules = current.rules.map((r) => (r.id === ruleId ? { ...r, validUntil: until } : r));
      try {
        await writeRules(editor, current, rules, version, ip);
      } catch (error) {
        if (error instanceof ValidationError)
          throw new ValidationError(
            error.message,
            error.issues.map((i) => ({ ...i, field: /validUntil$/.test(i.field) ? `end-${ruleId}` : i.field })),
          );
        throw error;
      }
    },

    /** Where a task is defined, for the read-only view on a service that inherits it: own tenant first, then up. */
    async taskAbove(tenant: string, code: string): Promise<Task | null> {
      const chain = [tenant, ...(await ctx.ancestorsOf(tenant))];
      const all = await catalog.readTasks(tenantScope(asTenant(tenant), ...chain.slice(1).map(asTenant)));
      for (const ags of chain) {
        const hit = all.find((t) => t.code === code && t.tenantAgs === ags);
        if (hit) return hit;
      }
      return null;
    },
  };
}

export type TaskUseCases = ReturnType<typeof createTaskUseCases>;
