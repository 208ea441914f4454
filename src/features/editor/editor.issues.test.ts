import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formField, formIssues } from './editor.issues.ts';

describe("the validator's fields on the editor's forms", () => {
  it('maps bundle field names onto the form fields of each kind', () => {
    assert.equal(formField('service', 'responsibility.overrides.2.area'), 'rules.2.matchValue');
    assert.equal(formField('service', 'responsibility.overrides.0.areaKind'), 'rules.0.matchValue');
    assert.equal(formField('service', 'responsibility.overrides.1.within'), 'rules.1.withinAgs');
    assert.equal(formField('service', 'lebenslagen.3'), 'lebenslagen.3');
    assert.equal(formField('authority', 'area'), 'areaAgs');
    assert.equal(formField('authority', 'parent'), 'parentId');
    // Assignment ids count from 1 (`unit#e1@ags`), the form's rows from 0.
    assert.equal(formField('authority', 'responsibleFor.e1.service'), 'assignments.0.serviceId');
    assert.equal(formField('authority', 'responsibleFor.e3.task'), 'assignments.2.task');
    assert.equal(formField('authority', 'responsibleFor.e2.areas'), 'assignments.1.areaAgs');
    assert.equal(formField('contact', 'authority'), 'authorityId');
    assert.equal(formField('contact', 'services.4'), 'serviceIds.4');
    assert.equal(formField('lebenslage', 'parent'), 'parentId');
    assert.equal(formField('area_service', 'alternativeServiceId'), 'alternativeServiceId');
    // Names that are not the validator's stay as they are, also for another kind.
    assert.equal(formField('contact', 'parent'), 'parent');
  });

  it('keeps message and code, and drops the record label (a form shows one record)', () => {
    const [issue] = formIssues('contact', [
      {
        record: 'Ansprechperson x',
        field: 'authority',
        message: 'Die Einheit "y" gibt es nicht.',
        code: 'reference.unknown',
      } as never,
    ]);
    assert.deepEqual(issue, {
      field: 'authorityId',
      message: 'Die Einheit "y" gibt es nicht.',
      code: 'reference.unknown',
    });
  });
});
