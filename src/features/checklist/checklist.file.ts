// The project group's checklist as a file (`amtsweg-checklist/1`, YAML or JSON). Its own format, not part of the
// catalog bundle: the bundle describes services and who is responsible; this file only picks and weighs them.
//
//   format: amtsweg-checklist/1
//   tenant: "05974"                      # who maintains it (the county)
//   lebenslagen:                         # in the order the project group ranks them
//     - lebenslage: wohnen-umzug         # id of a catalog Lebenslage
//       products:
//         - service: wohnsitz-anmelden   # id of a catalog service
//           priority: wichtig            # wichtig | empfohlen (default: wichtig)
//           interface: [gemeinde_entscheidet]   # optional: explicit kinds, at most one per decider
//           note: "…"                    # optional hint for the towns

import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import { ValidationError, type ValidationIssue } from '../../shared/errors.ts';
import { checklistItemId, PRIORITIES, type Priority } from './checklist.ts';
import { INTERFACE_KINDS, type InterfaceKind, interfaceKindsProblem } from './checklist-interface-kinds.ts';

export const CHECKLIST_FORMAT = 'amtsweg-checklist/1';

const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });

export const ChecklistFileSchema = Type.Object(
  {
    format: Type.Literal(CHECKLIST_FORMAT),
    tenant: Type.String({ pattern: '^[0-9]{2,8}$' }),
    title: Type.Optional(Type.String()),
    lebenslagen: Type.Array(
      Type.Object(
        {
          lebenslage: Slug,
          products: Type.Array(
            Type.Object(
              {
                service: Slug,
                priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))),
                interface: Type.Optional(Type.Array(Type.Union(INTERFACE_KINDS.map((k) => Type.Literal(k))))),
                note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ChecklistFile = Static<typeof ChecklistFileSchema>;

/** An item as the file gives it (the service name is filled in from the catalog when it is stored). */
export interface ChecklistItemInput {
  id: string;
  lebenslageId: string;
  serviceId: string;
  priority: Priority;
  interfaceKinds: InterfaceKind[];
  position: number;
  note: string | null;
  /** Where in the file, for error messages: `lebenslagen[2].products[0] (service "wohnsitz-anmelden")`. */
  label: string;
}

export interface ParsedChecklist {
  tenantAgs: string;
  title: string | null;
  items: ChecklistItemInput[];
}

/** Parses and checks the file's shape; references to the catalog are checked by the service. */
export function parseChecklistFile(text: string, name = 'checklist.yaml'): ParsedChecklist {
  let data: unknown;
  try {
    data = /\.json$/i.test(name) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ValidationError(`${name} is not readable YAML/JSON`, [
      { record: name, field: '(file)', message: (error as Error).message.split('\n')[0] ?? '' },
    ]);
  }
  const errors = [...Value.Errors(ChecklistFileSchema, data)];
  if (errors.length > 0) {
    throw new ValidationError(
      `${name} does not match ${CHECKLIST_FORMAT}`,
      errors.slice(0, 50).map((e) => ({
        record: name,
        field: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(file)',
        message: e.message,
      })),
    );
  }
  const file = data as ChecklistFile;
  const issues: ValidationIssue[] = [];
  const items: ChecklistItemInput[] = [];
  const seen = new Set<string>();
  file.lebenslagen.forEach((group, gi) => {
    group.products.forEach((p, pi) => {
      const label = `lebenslagen[${gi}].products[${pi}] (service "${p.service}")`;
      const id = checklistItemId(group.lebenslage, p.service);
      if (seen.has(id))
        issues.push({
          record: label,
          field: 'service',
          message: `listed twice under Lebenslage "${group.lebenslage}"`,
        });
      seen.add(id);
      const kinds = p.interface ?? [];
      const problem = interfaceKindsProblem(kinds);
      if (problem) issues.push({ record: label, field: 'interface', message: problem });
      items.push({
        id,
        lebenslageId: group.lebenslage,
        serviceId: p.service,
        priority: p.priority ?? 'wichtig',
        interfaceKinds: [...kinds],
        position: gi * 1000 + pi,
        note: p.note ?? null,
        label,
      });
    });
  });
  if (issues.length > 0) throw new ValidationError(`${name}: ${issues.length} problem(s)`, issues);
  return { tenantAgs: file.tenant, title: file.title ?? null, items };
}
