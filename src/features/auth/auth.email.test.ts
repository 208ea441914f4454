import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailProblem } from './auth.ts';

test('e-mail addresses with control, bidi or zero-width characters are refused, naming why', () => {
  assert.equal(emailProblem('redaktion@kreis.example'), null);
  assert.equal(emailProblem('jürgen@städte.example'), null, 'letters beyond ASCII stay allowed');
  for (const bad of [
    'a\u0000b@kreis.example',
    'a\u0007@kreis.example',
    'admin\u202E@kreis.example', // right-to-left override
    'admin\u2066x\u2069@kreis.example', // isolates
    'ad\u200Bmin@kreis.example', // zero-width space
    'admin@kreis.example\u200E',
    'a\u2028b@kreis.example',
  ])
    assert.match(emailProblem(bad) ?? '', /Steuer- oder Richtungszeichen/, JSON.stringify(bad));
  assert.match(emailProblem(`${'a'.repeat(250)}@kreis.example`) ?? '', /254/);
  assert.match(emailProblem('kein-at-zeichen') ?? '', /gültige/);
});
