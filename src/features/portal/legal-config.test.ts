// The legal pages' configuration: the shipped file is complete; a half-filled one refuses the start, naming fields.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ConfigError } from '../../shared/errors.ts';
import { DEFAULT_LEGAL_PAGES_FILE, loadLegalPages, parseLegalPages } from './legal-config.ts';

describe('legal pages configuration', () => {
  it('the shipped Kreis Soest file is complete, without placeholders', () => {
    const legal = loadLegalPages();
    assert.equal(legal.operator.name, 'Kreis Soest');
    assert.ok(legal.operator.address.includes('59494 Soest'));
    assert.equal(legal.accessibility.createdOn, '2026-11-30');
    assert.doesNotMatch(readFileSync(DEFAULT_LEGAL_PAGES_FILE, 'utf8'), /\[[^\]]*\]/);
  });

  it('refuses placeholders, missing and unknown fields, naming each', () => {
    const raw = parse(readFileSync(DEFAULT_LEGAL_PAGES_FILE, 'utf8')) as Record<string, unknown>;
    const broken = {
      ...raw,
      dataProtectionOfficer: '[Name, Kontakt]',
      operator: { ...(raw.operator as object), name: '' },
      serverLogDays: 'sieben',
      imprint: 'x',
    };
    assert.throws(
      () => parseLegalPages(broken),
      (e: unknown) =>
        e instanceof ConfigError &&
        /dataProtectionOfficer: contains a template placeholder/.test(e.message) &&
        /operator\.name: a non-empty text is required/.test(e.message) &&
        /serverLogDays: a whole number/.test(e.message) &&
        /imprint: unknown field \(allowed: operator/.test(e.message),
    );
    assert.throws(() => loadLegalPages('/nonexistent/legal.yaml'), ConfigError);
  });
});
