// An edit of a service keeps what its form has no field for (decision 0150): that it follows its task's rules
// (given up only by the explicit choice), its connecting factor, and the dates of a rule that stays in place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formToRaw } from './editor.forms.tsx';
import { normalizeDoc, type ServiceDoc } from './editor.ts';

const current = {
  name: 'Baugenehmigung',
  task: 'bauaufsicht',
  inheritsResponsibility: true,
  connectingFactor: 'property_location',
  rules: [{ matchType: 'area', matchValue: '05974020', level: 'gemeinde', validFrom: '2027-01-01' }],
};
const form = {
  name: 'Baugenehmigung beantragen',
  task: 'bauaufsicht',
  defaultLevel: 'gemeinde',
  'rules.0.matchType': 'area',
  'rules.0.matchValue': '05974020',
  'rules.0.level': 'gemeinde',
};

describe('editing a service that follows its task', () => {
  it('keeps the inheritance, the connecting factor and rule dates', () => {
    const doc = normalizeDoc('service', formToRaw('service', form, current).raw) as ServiceDoc;
    assert.equal(doc.inheritsResponsibility, true);
    assert.equal(doc.connectingFactor, 'property_location');
    assert.equal(doc.rules[0]?.validFrom, '2027-01-01');
  });
  it('gives the inheritance up only when the editor chooses an own responsibility', () => {
    const doc = normalizeDoc(
      'service',
      formToRaw('service', { ...form, ownResponsibility: 'on' }, current).raw,
    ) as ServiceDoc;
    assert.equal(doc.inheritsResponsibility, undefined);
  });
});
