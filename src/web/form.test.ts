import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RepeatedFieldError, readForm } from './form.ts';

test('single fields are strings; a repeated one is a 400 that names it', () => {
  const form = readForm({ name: ' Token ', expiresAt: '' });
  assert.equal(form.get('name'), ' Token ');
  assert.equal(form.get('missing'), undefined);
  assert.equal(form.text('missing', 'x'), 'x');
  const error = (() => {
    try {
      readForm({ name: ['a', 'b'] });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof RepeatedFieldError);
  assert.equal(error.status, 400);
  assert.equal(error.field, 'name');
  assert.match(error.message, /„name“ darf nur einmal vorkommen/);
});

test('list fields are always arrays, by name or by prefix', () => {
  const form = readForm({ lebenslagen: 'umzug', oh_mo: ['1', '2'], action: 'x' }, { lists: ['lebenslagen', 'oh_*'] });
  assert.deepEqual(form.all('lebenslagen'), ['umzug']);
  assert.deepEqual(form.all('oh_mo'), ['1', '2']);
  assert.deepEqual(form.all('none'), []);
  assert.deepEqual(
    form.values,
    Object.assign(Object.create(null), { lebenslagen: ['umzug'], oh_mo: ['1', '2'], action: 'x' }),
  );
});

test('values that are not text (objects from a JSON body) are refused too; no body reads as an empty form', () => {
  assert.throws(() => readForm({ action: { $ne: 1 } }), RepeatedFieldError);
  assert.throws(() => readForm({ tags: [1] }, { lists: ['tags'] }), RepeatedFieldError);
  assert.deepEqual(Object.keys(readForm(undefined).values), []);
  assert.deepEqual(Object.keys(readForm('a=1').values), []);
  // A field called __proto__ is an ordinary field, not the prototype.
  assert.equal(readForm(JSON.parse('{"__proto__":"x"}')).get('__proto__'), 'x');
});
