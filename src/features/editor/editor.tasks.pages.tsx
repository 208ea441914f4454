// The editors' task pages (decision 0150). Stable URLs:
//   /editor/<tenantAgs>/tasks                    the tasks a tenant defines
//   /editor/<tenantAgs>/tasks/<code>             a task: its rules, the services that follow them, add/end a rule
// A rule is added or ended in one POST with the task's version; both go through the catalog's write path (a
// revision, an audit entry, a conflict when the task moved). `InheritedRules` shows a task's rules read-only on
// the edit page of a service that inherits them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { longDay } from '../../shared/berlin-time.ts';
import { ValidationError } from '../../shared/errors.ts';
import {
  Button,
  Checkbox,
  type WorkspaceFieldError as FieldError,
  Hidden,
  Select,
  TextField,
} from '../../web/ui/workspace-fields.tsx';
import { requireFormSession } from '../auth/auth.http.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AuthenticationRequiredError } from '../auth/auth.ts';
import { frameFor, Layout, type PageFrame, sendPage } from '../auth/auth.workspace.tsx';
import { LEVELS, type Rule, type Task } from '../catalog/index.ts';
import { type Form, intOrNull, one } from './editor.paths.ts';
import type { EditorService } from './editor.service.ts';
import { MATCH_LABELS, type RuleInput } from './editor.tasks.service.ts';
import { EditConflictError, EditorNotFoundError } from './editor.ts';

export interface TaskPagesOptions {
  auth: AuthService;
  editor: EditorService;
  stylesheets: readonly string[];
}

export const taskPath = (tenant: string, code: string) => `/editor/${tenant}/tasks/${encodeURIComponent(code)}`;

// Land, Kreis, Gemeinde or Gemeindeverband (9 digits: it runs its members' offices).
const TENANT = /^\d{2}$|^\d{5}$|^\d{8,9}$/;

const EMPTY_INPUT: RuleInput = {
  matchType: 'area',
  matchValue: '',
  within: '',
  level: 'gemeinde',
  answeredBy: '',
  validFrom: '',
  validUntil: '',
  legalBasis: '',
  reason: '',
};

const inputOf = (form: Form): RuleInput =>
  Object.fromEntries(Object.keys(EMPTY_INPUT).map((k) => [k, (one(form[k]) ?? '').toString()])) as unknown as RuleInput;

/** "ab 1. Januar 2027", "bis 31. Dezember 2026", both, or "unbefristet": a rule's validity in words. */
export function validityText(rule: Pick<Rule, 'validFrom' | 'validUntil'>): string {
  const from = rule.validFrom ? `ab ${longDay(rule.validFrom)}` : '';
  const until = rule.validUntil ? `bis einschließlich ${longDay(dayBefore(rule.validUntil))}` : '';
  return [from, until].filter(Boolean).join(' ') || 'unbefristet';
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function matchText(r: Rule): string {
  const what = r.matchType === 'area_kind' ? `Gebietsart ${r.matchValue}` : `Gebiet ${r.matchValue}`;
  return `${what}${r.matchType === 'subtree' ? ' und alles darunter' : ''}${r.withinAgs ? ` (nur in ${r.withinAgs})` : ''}`;
}

/** A task's rules as a table; with `endForm` each open rule gets a form to end it on a day. */
function RulesTable({
  task,
  endForm,
  errors,
}: {
  task: Task;
  endForm?: { csrf: string; path: string };
  errors?: FieldError[];
}) {
  if (task.rules.length === 0) return <p class="kern-body">Keine Abweichungen: es gilt immer der Regelfall.</p>;
  return (
    <table class="kern-table">
      <caption class="kern-title">Regeln der Aufgabe (die erste passende entscheidet)</caption>
      <thead>
        <tr>
          <th scope="col">Gilt für</th>
          <th scope="col">Ebene</th>
          <th scope="col">Gültig</th>
          <th scope="col">Begründung und Rechtsgrundlage</th>
          {endForm && <th scope="col">Beenden</th>}
        </tr>
      </thead>
      <tbody>
        {task.rules.map((r) => (
          <tr>
            <td>{matchText(r)}</td>
            <td>
              {r.level}
              {r.answeredByAgs ? ` – es antwortet ${r.answeredByAgs}` : ''}
            </td>
            <td>{validityText(r)}</td>
            <td>
              {r.reason ?? ''}
              {r.legalBasis ? ` (${r.legalBasis})` : ''}
            </td>
            {endForm && (
              <td>
                <form method="post" action={`${endForm.path}/rules/end`} novalidate>
                  <Hidden name="_csrf" value={endForm.csrf} />
                  <Hidden name="version" value={task.version} />
                  <Hidden name="rule" value={r.id} />
                  <TextField
                    name={`end-${r.id}`}
                    label="Letzter Tag + 1 (gilt nicht mehr ab)"
                    hint="JJJJ-MM-TT"
                    type="date"
                    value={r.validUntil ?? ''}
                    errors={errors}
                    required
                    width="short"
                  />
                  <Button kind="secondary">Regel beenden</Button>
                </form>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * On the edit page of a service that follows its task: the task's rules read-only, where they are changed, and the
 * explicit choice to give this one service a responsibility of its own (the form's `ownResponsibility`).
 */
export function InheritedRules({ task, editable }: { task: Task; editable: boolean }) {
  return (
    <section class="ed-fieldset" aria-labelledby="aufgabe-regeln">
      <h2 class="kern-heading-medium" id="aufgabe-regeln">
        Zuständigkeit aus der Aufgabe „{task.name}“
      </h2>
      <p class="kern-body">
        Diese Leistung hat keine eigene Zuständigkeit: es gelten der Regelfall und die Regeln der Aufgabe. Regelfall:{' '}
        {task.defaultLevel}
        {task.defaultLegalBasis ? ` (${task.defaultLegalBasis})` : ''}.
      </p>
      <RulesTable task={task} />
      <p class="kern-body">
        {editable ? (
          <a class="kern-link" href={taskPath(task.tenantAgs, task.code)}>
            Regeln der Aufgabe ändern (gilt für alle Leistungen der Aufgabe)
          </a>
        ) : (
          `Die Regeln pflegt die Redaktion von ${task.tenantAgs}.`
        )}
      </p>
      <Checkbox
        name="ownResponsibility"
        label="Für diese Leistung eine eigene Zuständigkeit festlegen"
        hint="Dann gelten nur noch die Angaben unter „Zuständigkeit“ unten, die Regeln der Aufgabe nicht mehr."
        checked={false}
      />
    </section>
  );
}

function TaskPage({
  frame,
  tenant,
  tenantName,
  view,
  errors,
  input,
  notice,
}: {
  frame: PageFrame;
  tenant: string;
  tenantName: string;
  view: Awaited<ReturnType<EditorService['taskView']>>;
  errors: FieldError[];
  input: RuleInput;
  notice: { kind: 'success' | 'danger'; text: string } | null;
}) {
  const { task } = view;
  const path = taskPath(tenant, task.code);
  const csrf = frame.csrf ?? '';
  const levelOptions = LEVELS.map((l) => ({ value: l, label: l }));
  return (
    <Layout
      frame={frame}
      title={`Aufgabe: ${task.name}`}
      errors={errors}
      notice={notice}
      crumbs={[
        { label: 'Übersicht', href: '/editor' },
        { label: tenantName, href: `/editor/${tenant}` },
        { label: 'Aufgaben', href: `/editor/${tenant}/tasks` },
        { label: task.name },
      ]}
    >
      <p class="kern-body">
        Kennung {task.code}, Version {task.version}. Regelfall: {task.defaultLevel}
        {task.defaultLegalBasis ? ` (${task.defaultLegalBasis})` : ''}. {task.defaultReason ?? ''}
      </p>
      <RulesTable task={task} errors={errors} {...(view.editable ? { endForm: { csrf, path } } : {})} />
      <section aria-labelledby="leistungen">
        <h2 class="kern-heading-medium" id="leistungen">
          Leistungen der Aufgabe
        </h2>
        <ul class="kern-list">
          {view.services.map((s) => (
            <li>
              <a class="kern-link" href={`/editor/${s.tenantAgs}/services/${s.id}`}>
                {s.name}
              </a>
              {s.inherits ? ' – folgt diesen Regeln' : ' – hat eine eigene Zuständigkeit (diese Regeln gelten nicht)'}
            </li>
          ))}
        </ul>
      </section>
      {view.editable && (
        <form method="post" action={`${path}/rules`} novalidate>
          <Hidden name="_csrf" value={csrf} />
          <Hidden name="version" value={task.version} />
          <h2 class="kern-heading-medium">Regel hinzufügen</h2>
          <p class="kern-hint">
            Eine Änderung zu einem Stichtag ist eine Regel mit „Gültig ab“, z. B. Gebiet 05974020, Ebene gemeinde,
            gültig ab 2027-01-01: bis dahin antwortet weiter der Regelfall, ab dem Tag die Stadt; das Portal kündigt es
            vorher an.
          </p>
          <Select
            name="matchType"
            label="Gilt für"
            value={input.matchType}
            options={Object.entries(MATCH_LABELS).map(([value, label]) => ({ value, label }))}
            errors={errors}
            required
          />
          <TextField
            name="matchValue"
            label="Gebiet (AGS) oder Gebietsart (Code)"
            value={input.matchValue}
            errors={errors}
            required
            width="medium"
          />
          <Select
            name="level"
            label="Zuständige Ebene"
            value={input.level}
            options={levelOptions}
            errors={errors}
            required
          />
          <TextField
            name="answeredBy"
            label="Es antwortet stattdessen (AGS)"
            hint="z. B. die StädteRegion für eine Kreisaufgabe ihrer Stadt"
            value={input.answeredBy}
            errors={errors}
            width="medium"
          />
          <TextField
            name="within"
            label="Nur innerhalb von (AGS)"
            value={input.within}
            errors={errors}
            width="medium"
          />
          <TextField
            name="validFrom"
            label="Gültig ab"
            hint="JJJJ-MM-TT"
            type="date"
            value={input.validFrom}
            errors={errors}
            width="short"
          />
          <TextField
            name="validUntil"
            label="Gilt nicht mehr ab"
            hint="JJJJ-MM-TT"
            type="date"
            value={input.validUntil}
            errors={errors}
            width="short"
          />
          <TextField
            name="reason"
            label="Begründung"
            hint="Ein Satz, der erklärt, warum; {area} steht für den Namen des Orts."
            value={input.reason}
            errors={errors}
            required
          />
          <TextField name="legalBasis" label="Rechtsgrundlage" value={input.legalBasis} errors={errors} />
          <div class="ed-actions">
            <Button>Regel veröffentlichen</Button>
          </div>
        </form>
      )}
    </Layout>
  );
}

export async function editorTaskPages(app: FastifyInstance, opts: TaskPagesOptions): Promise<void> {
  const { auth, editor } = opts;
  const frame = (request: FastifyRequest) => frameFor(request, opts.stylesheets);
  const tenantOf = (raw: string) => {
    if (!TENANT.test(raw)) throw new EditorNotFoundError('Unbekannter Bereich.');
    return raw;
  };
  const signedIn = (request: FastifyRequest) => {
    if (!request.principal) throw new AuthenticationRequiredError('Bitte melden Sie sich an.');
  };
  const nameOf = async (tenant: string) => (await editor.area(tenant))?.name ?? tenant;

  app.get<{ Params: { tenant: string } }>('/editor/:tenant/tasks', async (request, reply) => {
    signedIn(request);
    const tenant = tenantOf(request.params.tenant);
    const tasks = await editor.tenantTasks(request.principal, tenant);
    const name = await nameOf(tenant);
    return sendPage(
      reply,
      <Layout
        frame={frame(request)}
        title={`Aufgaben ${name}`}
        crumbs={[
          { label: 'Übersicht', href: '/editor' },
          { label: name, href: `/editor/${tenant}` },
          { label: 'Aufgaben' },
        ]}
      >
        {tasks.length === 0 ? (
          <p class="kern-body">Dieser Bereich legt keine Aufgaben fest.</p>
        ) : (
          <ul class="kern-list">
            {tasks.map((t) => (
              <li>
                <a class="kern-link" href={taskPath(tenant, t.code)}>
                  {t.name}
                </a>{' '}
                – Regelfall {t.defaultLevel}, {t.rules.length} {t.rules.length === 1 ? 'Regel' : 'Regeln'}
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  const NOTICES: Record<string, string> = {
    added: 'Regel veröffentlicht. Sie gilt ab ihrem Datum für alle Leistungen der Aufgabe.',
    ended: 'Regel beendet. Bis zum Vortag gilt sie weiter.',
  };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: string,
    code: string,
    extra: {
      errors?: FieldError[];
      input?: RuleInput;
      notice?: { kind: 'success' | 'danger'; text: string } | null;
      status?: number;
    },
  ) {
    const view = await editor.taskView(request.principal, tenant, code);
    return sendPage(
      reply,
      <TaskPage
        frame={frame(request)}
        tenant={tenant}
        tenantName={await nameOf(tenant)}
        view={view}
        errors={extra.errors ?? []}
        input={extra.input ?? EMPTY_INPUT}
        notice={extra.notice ?? null}
      />,
      extra.status ?? 200,
    );
  }

  type P = { tenant: string; code: string };
  app.get<{ Params: P; Querystring: { ok?: string } }>('/editor/:tenant/tasks/:code', async (request, reply) => {
    signedIn(request);
    const tenant = tenantOf(request.params.tenant);
    const ok = request.query.ok;
    return render(request, reply, tenant, request.params.code, {
      notice: ok && NOTICES[ok] ? { kind: 'success', text: NOTICES[ok] } : null,
    });
  });

  /** Runs one change; a refused one shows the page again with what was typed and why (400) or the conflict (409). */
  async function change(
    request: FastifyRequest<{ Params: P; Body: Form }>,
    reply: FastifyReply,
    ok: string,
    run: (tenant: string, form: Form) => Promise<void>,
  ) {
    requireFormSession(auth, request);
    const tenant = tenantOf(request.params.tenant);
    const form = request.body ?? {};
    try {
      await run(tenant, form);
      return reply.redirect(`${taskPath(tenant, request.params.code)}?ok=${ok}`, 303);
    } catch (error) {
      const input = ok === 'added' ? inputOf(form) : EMPTY_INPUT;
      if (error instanceof ValidationError)
        return render(request, reply, tenant, request.params.code, {
          errors: error.issues.map((i) => ({ field: i.field, message: i.message })),
          input,
          status: 400,
        });
      if (error instanceof EditConflictError)
        return render(request, reply, tenant, request.params.code, {
          notice: { kind: 'danger', text: error.message },
          input,
          status: 409,
        });
      throw error;
    }
  }

  app.post<{ Params: P; Body: Form }>('/editor/:tenant/tasks/:code/rules', (request, reply) =>
    change(request, reply, 'added', (tenant, form) =>
      editor.addTaskRule(
        request.principal,
        tenant,
        request.params.code,
        inputOf(form),
        intOrNull(form.version) ?? -1,
        request.ip,
      ),
    ),
  );

  app.post<{ Params: P; Body: Form }>('/editor/:tenant/tasks/:code/rules/end', (request, reply) =>
    change(request, reply, 'ended', (tenant, form) => {
      const rule = one(form.rule) ?? '';
      return editor.endTaskRule(
        request.principal,
        tenant,
        request.params.code,
        rule,
        (one(form[`end-${rule}`]) ?? '').trim(),
        intOrNull(form.version) ?? -1,
        request.ip,
      );
    }),
  );
}
