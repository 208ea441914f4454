import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetStore } from '../features/portal/assets.ts';
import { normalizeName } from '../features/portal/portal.ts';
import { fold, prepare } from '../features/search/german-text.ts';
import { foldedSlug, foldGerman, foldVowels } from './german-fold.js';

type FoldModule = typeof import('./german-fold.js');

/** The module exactly as browsers receive it from the portal, imported from its bytes. */
async function browserModule(): Promise<FoldModule> {
  const asset = assetStore().get('/assets/german-fold.js');
  assert.ok(asset, 'the portal serves /assets/german-fold.js');
  return (await import(`data:text/javascript;base64,${asset.body.toString('base64')}`)) as FoldModule;
}

const SAMPLES = [
  'Führerschein',
  'Fuehrerschein',
  'fuhrerschein',
  'Anröchte',
  'ANRÖCHTE',
  'Straße',
  'STRASSE',
  'Größe',
  'Bad Sassendorf',
  'Möhnesee-Körbecke',
  'Lippstadt (Kernstadt)',
  '  Perso   verloren!!  ',
  'Café Crème',
  'Ærø Øster Łódź',
  'Þórr',
  'ﬁnanzamt',
  'Ａ１ Full-width',
  '59590 Geseke',
  'e\u0301tude',
  '',
  '—…',
];

describe('German text folding: one implementation for server and browser', () => {
  it('folds umlauts to digraphs, ß to ss, drops diacritics and punctuation', () => {
    assert.equal(foldGerman('Führerschein'), 'fuehrerschein');
    assert.equal(foldGerman('Straße'), 'strasse');
    assert.equal(foldGerman('Café Crème'), 'cafe creme');
    assert.equal(foldGerman('Ærø Øster Łódź'), 'aeroe oester lodz');
    assert.equal(foldGerman('  Perso   verloren!!  '), 'perso verloren');
    assert.equal(foldGerman('Möhnesee-Körbecke'), 'moehnesee koerbecke');
    assert.equal(foldVowels('fuehrerschein'), 'fuhrerschein');
    assert.equal(foldVowels('aee'), 'a');
    assert.equal(foldedSlug('Kreis Soest – Übersicht'), 'kreis-soest-uebersicht');
  });

  it('the served browser module folds every sample exactly as the server does', async () => {
    const browser = await browserModule();
    for (const text of SAMPLES) {
      const server = prepare(text);
      assert.equal(browser.foldGerman(text), server, `foldGerman(${JSON.stringify(text)})`);
      assert.equal(normalizeName(text), server, `town chooser: ${JSON.stringify(text)}`);
      assert.equal(browser.foldVowels(server), fold(server), `foldVowels(${JSON.stringify(server)})`);
    }
  });

  it('portal.js has no folding of its own: it imports the served module by its versioned URL', () => {
    const store = assetStore();
    const script = store.get('/assets/portal.js')?.body.toString('utf8') ?? '';
    assert.ok(script.includes(`import('${store.url('/assets/german-fold.js')}')`), 'versioned import of the module');
    assert.match(store.url('/assets/german-fold.js'), /^\/assets\/german-fold\.js\?v=[A-Za-z0-9_-]{12}$/);
    assert.doesNotMatch(script, /normalize\('NFKD'\)/, 'no second copy of the folding');
  });
});
