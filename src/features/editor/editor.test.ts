import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffDocs, diffLines } from './editor.diff.ts';
import { docIssues, normalizeDoc } from './editor.ts';
import { gridFromForm, gridToOsm, osmToGrid } from './opening-hours-grid.ts';

describe('edit documents', () => {
  it('normalises input and reports every problem by field', () => {
    const doc = normalizeDoc('service', {
      name: '  Sperrmüll anmelden ',
      leikaKey: '12345',
      synonyms: 'Sperrmüll, Möbel\nAbfall',
      onlineServices: [{ title: 'Online', url: 'ftp://x' }],
      rules: [{ matchType: 'area', matchValue: '05974020', level: 'gemeinde' }, { matchValue: '' }],
      defaultLevel: 'gemeinde',
    });
    assert.equal(doc.name, 'Sperrmüll anmelden');
    assert.deepEqual(doc.synonyms, ['Sperrmüll', 'Möbel', 'Abfall']);
    assert.equal(doc.rules.length, 1);
    const fields = docIssues('service', doc).map((i) => i.field);
    assert.deepEqual(fields.sort(), ['leikaKey', 'onlineServices.0.url']);
  });

  it('requires a reason and an alternative when a town does not offer a service', () => {
    const doc = normalizeDoc('area_service', { offered: '0' });
    assert.deepEqual(
      docIssues('area_service', doc).map((i) => i.field),
      ['reason', 'alternativeUrl'],
    );
    assert.deepEqual(docIssues('area_service', normalizeDoc('area_service', { offered: 'on' })), []);
  });

  it('checks opening hours with the OSM parser', () => {
    const bad = normalizeDoc('authority', { name: 'Amt', areaAgs: '05974', openingHours: 'Mo-Fr 25:00-26:00' });
    assert.deepEqual(
      docIssues('authority', bad).map((i) => i.field),
      ['openingHours'],
    );
  });
});

describe('diff', () => {
  it('diffs lines by longest common subsequence', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']), [
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
  });

  it('lists only the changed fields with their labels', () => {
    const a = normalizeDoc('contact', { authorityId: 'x', name: 'Frau A', phone: '1' });
    const b = normalizeDoc('contact', { authorityId: 'x', name: 'Frau B', phone: '1' });
    const d = diffDocs('contact', a, b);
    assert.equal(d.length, 1);
    assert.equal(d[0]?.label, 'Name');
  });
});

describe('opening hours form', () => {
  it('round-trips the grid through OSM syntax', () => {
    const osm = 'Mo-We 08:00-12:30,14:00-16:00; Th 08:00-12:30,14:00-18:00; Fr 08:00-12:30; PH off';
    const grid = osmToGrid(osm);
    assert.ok(grid);
    assert.equal(gridToOsm(grid), osm);
  });

  it('refuses what the grid cannot show', () => {
    assert.equal(osmToGrid('Mo-Fr 08:00-12:00; Mo 14:00-16:00'), null);
    assert.equal(osmToGrid('Jan-Mar Mo 08:00-12:00'), null);
  });

  it('reads the form and names wrong slots', () => {
    const { grid, issues } = gridFromForm({
      oh_Mo_1_from: '08:00',
      oh_Mo_1_to: '12:00',
      oh_Tu_1_from: '14:00',
      oh_Tu_1_to: '09:00',
      oh_ph_closed: 'on',
    });
    assert.equal(gridToOsm(grid), 'Mo 08:00-12:00; PH off');
    assert.deepEqual(
      issues.map((i) => i.field),
      ['oh_Tu_1_from'],
    );
  });
});
