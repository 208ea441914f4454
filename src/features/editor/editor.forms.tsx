// The edit forms of each record kind, and how a posted form becomes an edit document. Everything works without
// JavaScript: the opening-hours preview is a submit button that re-renders the page server-side.

import type { ValidationIssue } from '../../shared/errors.ts';
import {
  Checkbox,
  Datalist,
  errorFor,
  type WorkspaceFieldError as FieldError,
  Fieldset,
  fieldId,
  Radios,
  Select,
  TextArea,
  TextField,
} from '../../web/ui/workspace-fields.tsx';
import { ASSIGNMENT_ROLES, LEVELS, ONLINE_SERVICE_TYPES, type OnlineService, TRUST_LEVELS } from '../catalog/index.ts';
import { parseOpeningHours } from '../opening-hours/opening-hours.ts';
import {
  type AreaServiceDoc,
  type AuthorityDoc,
  type ContactDoc,
  type EntityType,
  FIELD_LABELS,
  type LebenslageDoc,
  type ServiceDoc,
} from './editor.ts';
import {
  gridFromForm,
  gridToOsm,
  osmToGrid,
  SLOTS_PER_DAY,
  sameGrid,
  WEEKDAY_LABELS,
  WEEKDAYS,
} from './opening-hours-grid.ts';

type Form = Record<string, string | string[] | undefined>;

/** `rules.0.level=…` → `{ rules: [{ level: … }] }`; repeated keys stay arrays. */
export function unflatten(form: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const parts = key.split('.');
    if (parts.length === 1) {
      out[key] = value;
      continue;
    }
    let node = out as Record<string, unknown>;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '');
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = v.filter((x) => x !== undefined);
  return out;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The edit document's raw input from a posted form, plus problems only the form can have (opening-hours grid). */
export function formToRaw(
  type: EntityType,
  form: Form,
  current: Record<string, unknown> | null,
): { raw: Record<string, unknown>; issues: ValidationIssue[] } {
  const raw = unflatten(
    Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith('_') && !k.startsWith('oh_'))),
  );
  const issues: ValidationIssue[] = [];
  if (type === 'service') {
    const chosen = form.lebenslagen === undefined ? [] : ([] as string[]).concat(form.lebenslagen);
    // The checkboxes come back in the catalog's order, but the first Lebenslage is the service's main one: keep the
    // saved order for those still ticked and add new ones behind them.
    const saved = ((current?.lebenslagen as string[] | undefined) ?? []).filter((id) => chosen.includes(id));
    raw.lebenslagen = [...saved, ...chosen.filter((id) => !saved.includes(id))];
    // Text modules without a field of their own are kept as they are.
    raw.textModules = (current?.textModules as Record<string, string> | undefined) ?? {};
    // What the form has no field for is kept: the task inheritance (given up only by the explicit choice on the
    // page, decision 0150), the connecting factor, and the dates / answering area of a rule that stays in place.
    raw.inheritsResponsibility = current?.inheritsResponsibility === true && one(form.ownResponsibility) !== 'on';
    if (current?.connectingFactor) raw.connectingFactor = current.connectingFactor;
    const before = Array.isArray(current?.rules) ? (current.rules as Array<Record<string, unknown>>) : [];
    if (Array.isArray(raw.rules))
      raw.rules = (raw.rules as Array<Record<string, unknown>>).map((r, i) => {
        const old = before[i];
        if (!old || old.matchValue !== r.matchValue || old.matchType !== r.matchType) return r;
        return { answeredByAgs: old.answeredByAgs, validFrom: old.validFrom, validUntil: old.validUntil, ...r };
      });
    // Where a service came from and whom it is for have no field either.
    for (const key of ['audience', 'provenance']) if (current?.[key] !== undefined) raw[key] = current[key];
  }
  if (type === 'area_service') raw.offered = one(form.offered) !== 'no';
  if (type === 'authority' || type === 'contact') raw.sample = one(form.sample) === 'on';
  if (type === 'authority' && one(form.ohMode) !== 'raw') {
    const { grid, issues: gridIssues } = gridFromForm(form as Record<string, unknown>);
    issues.push(...gridIssues);
    // The grid writes its own spelling; when it means what the saved string means, the saved string stays, so an
    // unchanged save changes nothing (no revision, no history noise).
    const saved = (current?.openingHours as string | null | undefined) ?? null;
    const savedGrid = osmToGrid(saved);
    raw.openingHours = savedGrid && sameGrid(savedGrid, grid) ? saved : gridToOsm(grid);
  }
  return { raw, issues };
}

// ---- shared bits ----------------------------------------------------------------------------------------------------

const label = <T extends EntityType>(type: T, field: string) =>
  (FIELD_LABELS[type] as Record<string, string>)[field] ?? field;

function OnlineServiceRows({
  name,
  items,
  errors,
  legend,
}: {
  name: string;
  items: OnlineService[];
  errors: FieldError[];
  legend: string;
}) {
  const rows: OnlineService[] = [
    ...items,
    ...Array.from({ length: Math.max(1, 3 - items.length) }, () => ({ title: '', url: '', type: 'antrag' as const })),
  ];
  return (
    <Fieldset legend={legend} id={fieldId(name)}>
      <p class="kern-hint">Leere Zeilen werden ignoriert. Zum Entfernen Titel und Adresse leeren.</p>
      <table class="ed-table ed-rows">
        <caption class="ed-sr-only">{legend}</caption>
        <thead>
          <tr>
            <th scope="col">Titel</th>
            <th scope="col">Adresse (https://…)</th>
            <th scope="col">Art</th>
            <th scope="col">Vertrauensniveau</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o, i) => (
            <tr>
              <td>
                <TextField
                  srLabel
                  name={`${name}.${i}.title`}
                  label={`${legend} ${i + 1}: Titel`}
                  value={o.title}
                  errors={errors}
                  required
                />
              </td>
              <td>
                <TextField
                  srLabel
                  name={`${name}.${i}.url`}
                  label={`${legend} ${i + 1}: Adresse`}
                  type="url"
                  value={o.url}
                  errors={errors}
                  required
                />
              </td>
              <td>
                <Select
                  srLabel
                  name={`${name}.${i}.type`}
                  label={`${legend} ${i + 1}: Art`}
                  value={o.type}
                  options={ONLINE_SERVICE_TYPES.map((t) => ({ value: t, label: t }))}
                  errors={errors}
                  required
                />
              </td>
              <td>
                <Select
                  srLabel
                  name={`${name}.${i}.trustLevel`}
                  label={`${legend} ${i + 1}: Vertrauensniveau`}
                  value={o.trustLevel ?? ''}
                  options={[{ value: '', label: '–' }, ...TRUST_LEVELS.map((t) => ({ value: t, label: t }))]}
                  errors={errors}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Fieldset>
  );
}

// ---- service (owner) --------------------------------------------------------------------------------------------------

export interface ServiceFormProps {
  doc: ServiceDoc;
  errors: FieldError[];
  lebenslagen: Array<{ id: string; name: string }>;
  areaKinds: Array<{ code: string; name: string }>;
  /** Known task codes and the tenant's areas, offered as suggestions instead of typed ids. */
  tasks?: readonly string[];
  areas?: ReadonlyArray<{ ags: string; name: string }>;
}

export function ServiceFields({ doc, errors, lebenslagen, areaKinds, tasks = [], areas = [] }: ServiceFormProps) {
  const t = (f: keyof ServiceDoc) => label('service', f);
  const levelOptions = LEVELS.map((l) => ({ value: l, label: l }));
  const areaOptions = areas.map((a) => ({ value: a.ags, label: a.name }));
  const rules = [
    ...doc.rules,
    ...Array.from({ length: 2 }, () => ({
      matchType: 'area_kind' as const,
      matchValue: '',
      withinAgs: null,
      level: '' as never,
      legalBasis: null,
      reason: null,
    })),
  ];
  return (
    <>
      <Fieldset legend="Grunddaten">
        <TextField name="name" label={t('name')} value={doc.name} errors={errors} required />
        <TextField
          name="leikaKey"
          label={t('leikaKey')}
          hint="14 Ziffern, beginnt mit 99."
          value={doc.leikaKey}
          errors={errors}
          width="medium"
          inputmode="numeric"
        />
        <TextField name="leikaType" label={t('leikaType')} value={doc.leikaType} errors={errors} width="short" />
        <TextField
          name="task"
          label={t('task')}
          hint="Bündelt Leistungen, die dieselbe Stelle bearbeitet, z. B. meldewesen."
          value={doc.task}
          errors={errors}
          width="medium"
          list="dl-aufgaben"
        />
        <Datalist id="dl-aufgaben" options={tasks.map((x) => ({ value: x, label: x }))} />
        <Datalist id="dl-gebiete" options={areaOptions} />
        <Datalist
          id="dl-gebiete-und-arten"
          options={[...areaKinds.map((k) => ({ value: k.code, label: `Gebietsart: ${k.name}` })), ...areaOptions]}
        />
        <TextArea
          name="synonyms"
          label={t('synonyms')}
          hint="Ein Begriff pro Zeile oder durch Komma getrennt."
          value={doc.synonyms.join('\n')}
          errors={errors}
          rows={3}
        />
        <fieldset class="kern-fieldset" id={fieldId('lebenslagen')}>
          <legend class="kern-label">{t('lebenslagen')}</legend>
          {errorFor(errors, 'lebenslagen.0') && <p class="kern-error">{errorFor(errors, 'lebenslagen.0')}</p>}
          <div class="kern-fieldset__body ed-cols">
            {lebenslagen.map((l) => (
              <Checkbox name="lebenslagen" value={l.id} label={l.name} checked={doc.lebenslagen.includes(l.id)} />
            ))}
          </div>
        </fieldset>
      </Fieldset>
      <Fieldset legend="Texte">
        <p class="kern-hint">
          Klartext: Absätze durch eine Leerzeile trennen, Aufzählungen mit „- “ beginnen. Kein HTML.
        </p>
        <TextArea name="teaser" label={t('teaser')} value={doc.teaser} errors={errors} rows={2} />
        <TextArea name="fullText" label={t('fullText')} value={doc.fullText} errors={errors} rows={6} />
        <TextArea name="documents" label={t('documents')} value={doc.documents} errors={errors} />
        <TextArea name="prerequisites" label={t('prerequisites')} value={doc.prerequisites} errors={errors} />
        <TextArea name="fees" label={t('fees')} value={doc.fees} errors={errors} rows={2} />
        <TextArea name="deadlines" label={t('deadlines')} value={doc.deadlines} errors={errors} rows={2} />
        <TextArea
          name="processingTime"
          label={t('processingTime')}
          value={doc.processingTime}
          errors={errors}
          rows={2}
        />
        <TextArea name="procedure" label={t('procedure')} value={doc.procedure} errors={errors} />
        <TextArea name="legalBasis" label={t('legalBasis')} value={doc.legalBasis} errors={errors} rows={2} />
        <TextArea name="hints" label={t('hints')} value={doc.hints} errors={errors} />
        <TextArea name="furtherInfo" label={t('furtherInfo')} value={doc.furtherInfo} errors={errors} />
      </Fieldset>
      <Fieldset legend={t('forms')} id={fieldId('forms')}>
        <table class="ed-table ed-rows">
          <caption class="ed-sr-only">{t('forms')}</caption>
          <thead>
            <tr>
              <th scope="col">Titel</th>
              <th scope="col">Adresse (https://…)</th>
            </tr>
          </thead>
          <tbody>
            {[...doc.forms, { title: '', url: '' }, { title: '', url: '' }].map((f, i) => (
              <tr>
                <td>
                  <TextField
                    srLabel
                    name={`forms.${i}.title`}
                    label={`Formular ${i + 1}: Titel`}
                    value={f.title}
                    errors={errors}
                    required
                  />
                </td>
                <td>
                  <TextField
                    srLabel
                    name={`forms.${i}.url`}
                    label={`Formular ${i + 1}: Adresse`}
                    type="url"
                    value={f.url}
                    errors={errors}
                    required
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Fieldset>
      <OnlineServiceRows
        name="onlineServices"
        items={doc.onlineServices}
        errors={errors}
        legend={t('onlineServices')}
      />
      <Fieldset legend="Zuständigkeit">
        <Select
          name="defaultLevel"
          label={t('defaultLevel')}
          value={doc.defaultLevel}
          options={levelOptions}
          errors={errors}
          required
        />
        <TextField
          name="defaultLegalBasis"
          label={t('defaultLegalBasis')}
          value={doc.defaultLegalBasis}
          errors={errors}
        />
        <TextField
          name="defaultReason"
          label={t('defaultReason')}
          hint="Ein Satz; {area} steht für den Namen des Wohnorts."
          value={doc.defaultReason}
          errors={errors}
        />
      </Fieldset>
      <Fieldset legend={t('rules')} id={fieldId('rules')}>
        <p class="kern-hint">
          Abweichungen vom Regelfall, z. B. „mittlere kreisangehörige Städte sind selbst zuständig“. Regeln für ein
          einzelnes Gebiet gehen Regeln für eine Gebietsart vor; sonst gilt die erste passende. Bitte immer die
          Rechtsgrundlage angeben. Zum Entfernen einer Regel das Feld „Gebiet/Gebietsart“ leeren.
        </p>
        {rules.map((r, i) => (
          <fieldset class="kern-fieldset ed-fieldset">
            <legend class="kern-label">Regel {i + 1}</legend>
            <Select
              name={`rules.${i}.matchType`}
              label="Gilt für"
              value={r.matchType}
              options={[
                { value: 'area_kind', label: 'alle Gebiete einer Gebietsart' },
                { value: 'area', label: 'ein einzelnes Gebiet (AGS)' },
              ]}
              errors={errors}
              required
            />
            <TextField
              name={`rules.${i}.matchValue`}
              label="Gebiet (AGS) oder Gebietsart"
              hint={`Gebietsarten: ${areaKinds.map((k) => k.code).join(', ')}`}
              value={r.matchValue}
              errors={errors}
              required
              width="medium"
              list="dl-gebiete-und-arten"
            />
            <TextField
              name={`rules.${i}.withinAgs`}
              label="Nur innerhalb von (AGS)"
              value={r.withinAgs}
              errors={errors}
              width="short"
              list="dl-gebiete"
            />
            <Select
              name={`rules.${i}.level`}
              label="Zuständige Ebene"
              value={r.level}
              options={[{ value: '', label: '–' }, ...levelOptions]}
              errors={errors}
              required
            />
            <TextField name={`rules.${i}.legalBasis`} label="Rechtsgrundlage" value={r.legalBasis} errors={errors} />
            <TextField name={`rules.${i}.reason`} label="Begründung" value={r.reason} errors={errors} />
          </fieldset>
        ))}
      </Fieldset>
    </>
  );
}

// ---- service settings of a town --------------------------------------------------------------------------------------

export function AreaServiceFields({
  doc,
  errors,
  catalog,
  services = [],
}: {
  doc: AreaServiceDoc;
  errors: FieldError[];
  catalog: ServiceDoc | null;
  /** The services the town's list shows, offered for "instead" (an id picked from a list, not typed). */
  services?: ReadonlyArray<{ id: string; name: string }>;
}) {
  const t = (f: keyof AreaServiceDoc) => label('area_service', f);
  return (
    <>
      <Radios
        name="offered"
        legend="Bieten Sie diese Leistung vor Ort an?"
        value={doc.offered ? 'yes' : 'no'}
        options={[
          {
            value: 'yes',
            label: 'Ja, in unsere Liste übernehmen',
            hint: 'Der Katalogtext erscheint, ergänzt um Ihre Angaben unten.',
          },
          {
            value: 'no',
            label: 'Nein, hier nicht angeboten',
            hint: 'Bürgerinnen und Bürger sehen Ihre Begründung und wohin sie sich stattdessen wenden.',
          },
        ]}
        errors={errors}
      />
      <Fieldset legend="Wenn nicht angeboten">
        <TextArea name="reason" label={t('reason')} value={doc.reason} errors={errors} rows={2} />
        <TextField
          name="alternativeUrl"
          label={t('alternativeUrl')}
          type="url"
          hint="Die Seite, auf der es weitergeht (https://…)."
          value={doc.alternativeUrl}
          errors={errors}
        />
        <TextField
          name="alternativeServiceId"
          label={t('alternativeServiceId')}
          hint="Kennung einer anderen Leistung im Katalog, unter die diese fällt."
          value={doc.alternativeServiceId}
          errors={errors}
          width="medium"
          list="dl-leistungen"
        />
        <Datalist id="dl-leistungen" options={services.map((x) => ({ value: x.id, label: x.name }))} />
      </Fieldset>
      <Fieldset legend="Ergänzungen vor Ort">
        <TextArea
          name="localText"
          label={t('localText')}
          hint="Erscheint unter dem Text des Katalogs."
          value={doc.localText}
          errors={errors}
          rows={5}
        />
        <TextArea
          name="localFees"
          label={t('localFees')}
          hint={`Ersetzt die Kosten des Katalogs${catalog?.fees ? ` („${catalog.fees.slice(0, 80)}“)` : ''}.`}
          value={doc.localFees}
          errors={errors}
          rows={2}
        />
        <TextArea
          name="localDocuments"
          label={t('localDocuments')}
          hint="Ersetzt die Unterlagen des Katalogs."
          value={doc.localDocuments}
          errors={errors}
        />
      </Fieldset>
      <OnlineServiceRows
        name="localOnlineServices"
        items={doc.localOnlineServices}
        errors={errors}
        legend={t('localOnlineServices')}
      />
    </>
  );
}

// ---- authority, with the friendly opening-hours form -------------------------------------------------------------------

export interface HoursPreview {
  source: string | null;
  error: string | null;
  openNow: boolean | null;
  nextChange: string | null;
  week: Array<{ day: string; text: string }>;
}

const berlin = (d: Date, opts: Intl.DateTimeFormatOptions) =>
  d.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', ...opts });

/** "Open now" and the next seven days, evaluated on the server (the page needs no script). */
export function hoursPreview(source: string | null, ags: string, now: Date = new Date()): HoursPreview {
  if (!source) return { source, error: null, openNow: null, nextChange: null, week: [] };
  try {
    const oh = parseOpeningHours(source, ags);
    const week: HoursPreview['week'] = [];
    const start = new Date(now);
    for (let i = 0; i < 7; i++) {
      const dayStart = new Date(start.getTime() + i * 86_400_000);
      const label = berlin(dayStart, { weekday: 'long', day: 'numeric', month: 'long' });
      // The Berlin calendar day around `dayStart`.
      const ymd = berlin(dayStart, { year: 'numeric', month: '2-digit', day: '2-digit' })
        .split('.')
        .reverse()
        .join('-');
      const from = zonedMidnight(ymd);
      const to = new Date(from.getTime() + 86_400_000);
      const intervals = oh.intervals(from, to);
      week.push({
        day: label,
        text: intervals.length
          ? intervals
              .map(
                (x) =>
                  `${berlin(x.from, { hour: '2-digit', minute: '2-digit' })}–${berlin(x.to, { hour: '2-digit', minute: '2-digit' })}`,
              )
              .join(', ')
          : 'geschlossen',
      });
    }
    const next = oh.nextChange(now);
    return {
      source,
      error: null,
      openNow: oh.isOpen(now),
      nextChange: next ? berlin(next, { weekday: 'long', hour: '2-digit', minute: '2-digit' }) : null,
      week,
    };
  } catch (error) {
    return { source, error: (error as Error).message, openNow: null, nextChange: null, week: [] };
  }
}

/** Midnight of a Berlin calendar day (YYYY-MM-DD) as an instant. */
export function zonedMidnight(ymd: string): Date {
  return berlinLocalToDate(`${ymd}T00:00`);
}

/** A wall-clock time in Europe/Berlin (`YYYY-MM-DDTHH:MM`, as a datetime-local field sends it) as an instant. */
export function berlinLocalToDate(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return new Date(Number.NaN);
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  const offset = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(new Date(t))
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!) - t;
  };
  let t = guess - offset(guess);
  t = guess - offset(t);
  return new Date(t);
}

export function HoursPreviewBox({ preview }: { preview: HoursPreview }) {
  return (
    <section class="ed-fieldset" aria-labelledby="oh-vorschau" aria-live="polite">
      <h3 class="kern-heading-small" id="oh-vorschau">
        Vorschau der Öffnungszeiten
      </h3>
      {!preview.source ? (
        <p class="kern-body">Keine Öffnungszeiten angegeben.</p>
      ) : preview.error ? (
        <p class="kern-body ed-closed">Nicht lesbar: {preview.error}</p>
      ) : (
        <>
          <p class="kern-body">
            <code>{preview.source}</code>
          </p>
          <p class="kern-body">
            Jetzt:{' '}
            <span class={preview.openNow ? 'ed-open' : 'ed-closed'}>
              {preview.openNow ? 'geöffnet' : 'geschlossen'}
            </span>
            {preview.nextChange ? ` – ${preview.openNow ? 'schließt' : 'öffnet'} ${preview.nextChange}` : ''}
          </p>
          <table class="kern-table ed-table">
            <caption>Die nächsten sieben Tage</caption>
            <tbody>
              {preview.week.map((d) => (
                <tr>
                  <th scope="row">{d.day}</th>
                  <td>{d.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function AuthorityFields({
  doc,
  errors,
  form,
  preview,
  tasks,
  services = [],
  areas = [],
}: {
  doc: AuthorityDoc;
  errors: FieldError[];
  form: Form | null;
  preview: HoursPreview;
  tasks: string[];
  /** The services and areas of the tenant, offered as suggestions for the assignments. */
  services?: ReadonlyArray<{ id: string; name: string }>;
  areas?: ReadonlyArray<{ ags: string; name: string }>;
}) {
  const t = (f: keyof AuthorityDoc) => label('authority', f);
  const grid = osmToGrid(doc.openingHours);
  const mode = one(form?.ohMode) ?? (grid ? 'grid' : 'raw');
  const slot = (d: string, n: number, end: 'from' | 'to') => {
    const key = `oh_${d}_${n}_${end}`;
    if (form) return one(form[key]) ?? '';
    const s = grid?.days[d as keyof typeof grid.days][n - 1];
    return s ? s[end] : '';
  };
  const assignments = [
    ...doc.assignments,
    ...Array.from({ length: 2 }, () => ({
      serviceId: null,
      task: null,
      areaAgs: '',
      role: 'zustaendige_stelle' as const,
      deepLink: null,
      note: null,
    })),
  ];
  return (
    <>
      <Fieldset legend="Grunddaten">
        <TextField name="name" label={t('name')} value={doc.name} errors={errors} required />
        <TextField
          name="areaAgs"
          label={t('areaAgs')}
          hint="Das Gebiet, zu dem die Einheit gehört."
          value={doc.areaAgs}
          errors={errors}
          required
          width="short"
          inputmode="numeric"
        />
        <TextField
          name="parentId"
          label={t('parentId')}
          hint="Kennung der übergeordneten Einheit, z. B. geseke-stadtverwaltung."
          value={doc.parentId}
          errors={errors}
          width="medium"
        />
      </Fieldset>
      <Fieldset legend="Anschrift und Kontakt">
        <TextField name="street" label={t('street')} value={doc.street} errors={errors} autocomplete="off" />
        <TextField
          name="postcode"
          label={t('postcode')}
          value={doc.postcode}
          errors={errors}
          width="short"
          inputmode="numeric"
        />
        <TextField name="city" label={t('city')} value={doc.city} errors={errors} width="medium" />
        <TextField name="phone" label={t('phone')} type="tel" value={doc.phone} errors={errors} width="medium" />
        <TextField name="fax" label={t('fax')} type="tel" value={doc.fax} errors={errors} width="medium" />
        <TextField name="email" label={t('email')} type="email" value={doc.email} errors={errors} width="medium" />
        <TextField name="website" label={t('website')} type="url" value={doc.website} errors={errors} />
        <TextArea name="accessibility" label={t('accessibility')} value={doc.accessibility} errors={errors} rows={2} />
        <Checkbox
          name="sample"
          label="Telefon und E-Mail sind Beispieldaten (werden als solche gekennzeichnet)"
          checked={doc.sample}
        />
      </Fieldset>
      <Fieldset legend={t('openingHours')} id={fieldId('openingHours')}>
        <Radios
          name="ohMode"
          legend="Eingabe"
          value={mode}
          options={[
            { value: 'grid', label: 'Wochenplan (unten)' },
            { value: 'raw', label: 'OSM-Syntax (für Ausnahmen, Feiertage, Monate)' },
          ]}
        />
        <table class="ed-table ed-hours-grid">
          <caption>Wochenplan: bis zu zwei Zeiträume je Tag (HH:MM)</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              {Array.from({ length: SLOTS_PER_DAY }, (_, i) => (
                <>
                  <th scope="col">Zeitraum {i + 1} von</th>
                  <th scope="col">bis</th>
                </>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr>
                <th scope="row">{WEEKDAY_LABELS[d]}</th>
                {Array.from({ length: SLOTS_PER_DAY }, (_, i) => (
                  <>
                    {(['from', 'to'] as const).map((end) => {
                      const name = `oh_${d}_${i + 1}_${end}`;
                      const err = end === 'from' ? errorFor(errors, name) : undefined;
                      return (
                        <td>
                          <label class="ed-sr-only" for={fieldId(name)}>
                            {`${WEEKDAY_LABELS[d]}, Zeitraum ${i + 1}, ${end === 'from' ? 'von' : 'bis'}`}
                          </label>
                          <input
                            class={`kern-form-input__input${err ? ' kern-form-input__input--error' : ''}`}
                            type="time"
                            id={fieldId(name)}
                            name={name}
                            value={slot(d, i + 1, end)}
                            aria-invalid={err ? 'true' : undefined}
                          />
                          {err && <p class="kern-error">{err}</p>}
                        </td>
                      );
                    })}
                  </>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <Checkbox
          name="oh_ph_closed"
          label="An Feiertagen geschlossen"
          checked={form ? one(form.oh_ph_closed) === 'on' : (grid?.holidaysClosed ?? true)}
        />
        <TextField
          name="openingHours"
          label="Öffnungszeiten in OSM-Syntax"
          hint="Nur bei „OSM-Syntax“ verwendet. Beispiel: Mo-We 08:00-12:30,14:00-16:00; Th 08:00-18:00; Fr 08:00-12:30; PH off"
          value={doc.openingHours}
          errors={errors}
        />
        <TextField name="openingHoursNote" label={t('openingHoursNote')} value={doc.openingHoursNote} errors={errors} />
        <div class="ed-actions">
          <button type="submit" class="kern-btn kern-btn--secondary" name="intent" value="check">
            <span class="kern-label">Vorschau der Öffnungszeiten aktualisieren</span>
          </button>
        </div>
        <HoursPreviewBox preview={preview} />
      </Fieldset>
      <Fieldset legend={t('assignments')} id={fieldId('assignments')}>
        <p class="kern-hint">
          Welche Leistungen diese Einheit bearbeitet: je Zeile eine Aufgabe (alle Leistungen mit diesem Task-Code) oder
          eine einzelne Leistung, für ein Gebiet. Bekannte Aufgaben: {tasks.join(', ')}.
        </p>
        <Datalist id="dl-aufgaben" options={tasks.map((x) => ({ value: x, label: x }))} />
        <Datalist id="dl-leistungen" options={services.map((x) => ({ value: x.id, label: x.name }))} />
        <Datalist id="dl-gebiete" options={areas.map((x) => ({ value: x.ags, label: x.name }))} />
        {assignments.map((a, i) => (
          <fieldset class="kern-fieldset ed-fieldset">
            <legend class="kern-label">Zuständigkeit {i + 1}</legend>
            <TextField
              name={`assignments.${i}.task`}
              label="Aufgabe (Task-Code)"
              value={a.task}
              errors={errors}
              width="medium"
              list="dl-aufgaben"
            />
            <TextField
              name={`assignments.${i}.serviceId`}
              label="oder Leistung (Kennung)"
              value={a.serviceId}
              errors={errors}
              width="medium"
              list="dl-leistungen"
            />
            <TextField
              name={`assignments.${i}.areaAgs`}
              label="Für Gebiet (AGS)"
              value={a.areaAgs}
              errors={errors}
              width="short"
              required
              list="dl-gebiete"
            />
            <Select
              name={`assignments.${i}.role`}
              label="Rolle"
              value={a.role}
              options={ASSIGNMENT_ROLES.map((r) => ({
                value: r,
                label:
                  r === 'zustaendige_stelle' ? 'zuständige Stelle (entscheidet)' : 'Ansprechpunkt (nimmt entgegen)',
              }))}
              errors={errors}
              required
            />
            <TextField
              name={`assignments.${i}.deepLink`}
              label="Eigene Seite zur Leistung"
              type="url"
              value={a.deepLink}
              errors={errors}
            />
          </fieldset>
        ))}
      </Fieldset>
    </>
  );
}

// ---- contact --------------------------------------------------------------------------------------------------------

export function ContactFields({
  doc,
  errors,
  authorities,
}: {
  doc: ContactDoc;
  errors: FieldError[];
  authorities: Array<{ id: string; name: string }>;
}) {
  const t = (f: keyof ContactDoc) => label('contact', f);
  return (
    <Fieldset legend="Ansprechperson">
      <Select
        name="authorityId"
        label={t('authorityId')}
        value={doc.authorityId}
        options={[
          { value: '', label: '– bitte wählen –' },
          ...authorities.map((a) => ({ value: a.id, label: a.name })),
        ]}
        errors={errors}
        required
      />
      <TextField
        name="name"
        label={t('name')}
        hint="Name oder Funktion: mindestens eines von beiden."
        value={doc.name}
        errors={errors}
      />
      <TextField name="role" label={t('role')} value={doc.role} errors={errors} />
      <TextField name="phone" label={t('phone')} type="tel" value={doc.phone} errors={errors} width="medium" />
      <TextField name="email" label={t('email')} type="email" value={doc.email} errors={errors} width="medium" />
      <TextField name="room" label={t('room')} value={doc.room} errors={errors} width="medium" />
      <TextArea
        name="serviceIds"
        label={t('serviceIds')}
        hint="Kennungen der Leistungen, eine pro Zeile."
        value={doc.serviceIds.join('\n')}
        errors={errors}
        rows={3}
      />
      <TextArea
        name="tasks"
        label={t('tasks')}
        hint="Alle Leistungen mit diesem Task-Code, einer pro Zeile."
        value={doc.tasks.join('\n')}
        errors={errors}
        rows={2}
      />
      <Checkbox name="sample" label="Person und Nummer sind Beispieldaten" checked={doc.sample} />
    </Fieldset>
  );
}

// ---- Lebenslage -------------------------------------------------------------------------------------------------------

export function LebenslageFields({ doc, errors }: { doc: LebenslageDoc; errors: FieldError[] }) {
  const t = (f: keyof LebenslageDoc) => label('lebenslage', f);
  return (
    <Fieldset legend="Lebenslage">
      <TextField name="name" label={t('name')} value={doc.name} errors={errors} required />
      <TextField name="nameEn" label={t('nameEn')} value={doc.nameEn} errors={errors} />
      <TextField name="parentId" label={t('parentId')} value={doc.parentId} errors={errors} width="medium" />
      <TextField name="themenfeld" label={t('themenfeld')} value={doc.themenfeld} errors={errors} width="medium" />
      <TextField
        name="position"
        label={t('position')}
        value={Number.isFinite(doc.position) ? String(doc.position) : ''}
        errors={errors}
        width="short"
        inputmode="numeric"
      />
      <TextArea name="description" label={t('description')} value={doc.description} errors={errors} />
    </Fieldset>
  );
}
