import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_CSV_COLUMNS, auditCsv, auditQueryFrom } from './auth.audit.ts';
import type { AuditRow } from './auth.repository.ts';

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 'a1',
  at: '2026-11-30T10:00:00.000Z',
  actorId: null,
  actorLabel: 'redaktion@kreis.example',
  via: 'web',
  action: 'publish',
  entityType: 'service',
  entityId: 'anmeldung',
  tenantAgs: '17001',
  summary: null,
  ip: '127.0.0.1',
  ...over,
});

describe('audit CSV', () => {
  it('writes the columns with the shared CSV writer: BOM, semicolons, CRLF, formulas defused', () => {
    const csv = auditCsv([row({ summary: '=HYPERLINK("x")' }), row({ actorLabel: 'a;b', summary: null })]);
    assert.ok(csv.startsWith('\uFEFF'));
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines[0], AUDIT_CSV_COLUMNS.join(';'));
    assert.equal(lines[0], 'at;actor;via;action;entity_type;entity_id;tenant_ags;summary;ip');
    assert.equal(
      lines[1],
      `2026-11-30T10:00:00.000Z;redaktion@kreis.example;web;publish;service;anmeldung;17001;"'=HYPERLINK(""x"")";127.0.0.1`,
    );
    assert.match(lines[2] ?? '', /^[^;]+;"a;b";web;/);
    assert.equal(lines[3], '');
    assert.equal(lines.length, 4);
  });

  it('reads a filter: whole days, trimmed values, one tenant', () => {
    const q = auditQueryFrom({ from: '2026-11-01', to: '2026-11-30', actor: ' x@y ', tenant: '17001' }, 5);
    assert.equal(q.from, '2026-11-01T00:00:00.000Z');
    assert.equal(q.to, '2026-11-30T23:59:59.999Z');
    assert.equal(q.actor, 'x@y');
    assert.deepEqual(q.tenants, ['17001']);
    assert.equal(auditQueryFrom({ from: 'gestern' }, 5).from, undefined);
  });
});
