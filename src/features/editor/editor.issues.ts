// The catalog's validator names fields as the bundle does (`responsibility.overrides.0.area`); the editor's forms name
// them as its documents do (`rules.0.matchValue`). This maps one onto the other so every issue lands on its field.
import type { ValidationIssue } from '../../shared/errors.ts';
import type { EntityType } from './editor.ts';

const RULES: Record<EntityType, Array<[RegExp, string]>> = {
  service: [
    [/^responsibility\.overrides\.(\d+)\.(area|areaKind)$/, 'rules.$1.matchValue'],
    [/^responsibility\.overrides\.(\d+)\.within$/, 'rules.$1.withinAgs'],
  ],
  authority: [
    [/^area$/, 'areaAgs'],
    [/^parent$/, 'parentId'],
    [/^mainAuthority$/, 'parentId'],
  ],
  contact: [
    [/^authority$/, 'authorityId'],
    [/^services\.(\d+)$/, 'serviceIds.$1'],
  ],
  lebenslage: [[/^parent$/, 'parentId']],
  area_service: [],
};

const ASSIGNMENT_FIELD = { service: 'serviceId', task: 'task', areas: 'areaAgs' } as const;

/** The form field of a validator field. Assignments are numbered `e1, e2, …` in the record's ids, from 1. */
export function formField(type: EntityType, field: string): string {
  const assignment = /^responsibleFor\.e(\d+)\.(service|task|areas)$/.exec(field);
  if (type === 'authority' && assignment) {
    const [, n = '1', key = 'service'] = assignment;
    return `assignments.${Number(n) - 1}.${ASSIGNMENT_FIELD[key as keyof typeof ASSIGNMENT_FIELD]}`;
  }
  for (const [pattern, replacement] of RULES[type]) if (pattern.test(field)) return field.replace(pattern, replacement);
  return field;
}

/** The issues as the form shows them: on the form's fields, without the record label (one record per form). */
export function formIssues(type: EntityType, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map(({ record: _record, ...issue }) => ({ ...issue, field: formField(type, issue.field) }));
}
