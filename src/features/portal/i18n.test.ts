import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaPhrases } from '../areas/index.ts';
import { withArticle } from './components/service-page.tsx';
import { messages } from './i18n.ts';

describe('the deployment’s names come from the data', () => {
  it('a Landkreis reads as German in every sentence', () => {
    const phrases = areaPhrases({ name: 'Landkreis Mayen-Koblenz', registerKind: '44', tiers: ['kreis'] });
    assert.ok(phrases);
    const t = messages('de', { ...phrases, towns: 87, example: { name: 'Andernach', postcode: null } });
    assert.equal(t.startTitle, 'Ihr virtuelles Rathaus im Landkreis Mayen-Koblenz');
    assert.equal(t.legendCounty, 'Der Landkreis Mayen-Koblenz ist zuständig');
    assert.equal(
      t.footerAbout,
      'Ein gemeinsames Angebot vom Landkreis Mayen-Koblenz und seinen 87 Städten und Gemeinden.',
    );
    assert.equal(t.countyServices, 'Leistungen beim Landkreis Mayen-Koblenz');
    assert.equal(t.chooserHint, 'Zum Beispiel „Andernach“');
    assert.equal(messages('en', { ...phrases, towns: 87 }).countyLabel, 'Landkreis Mayen-Koblenz');
  });

  it('a feminine county takes "ihr" and "in der"', () => {
    const phrases = areaPhrases({ name: 'Städteregion Aachen', registerKind: '45', tiers: ['kreis'] });
    assert.ok(phrases);
    const t = messages('de', { ...phrases, towns: 10 });
    assert.match(t.siteTagline, /^Verwaltungsleistungen in der StädteRegion Aachen und ihren Städten und Gemeinden$/);
  });

  it('"Zuständig ist …" names a register area with its article', () => {
    const kettig = { name: 'Kettig', registerKind: '64' } as Parameters<typeof withArticle>[1];
    assert.equal(withArticle('Gemeinde Kettig', kettig), 'die Gemeinde Kettig');
    assert.equal(withArticle('Landkreis Mayen-Koblenz'), 'der Landkreis Mayen-Koblenz');
    assert.equal(withArticle('Amt Lütjenburg'), 'das Amt Lütjenburg');
  });

  it('without a county, no name is made up', () => {
    assert.doesNotMatch(JSON.stringify(messages('de')), /Soest/);
    assert.doesNotMatch(JSON.stringify(messages('en')), /Soest/);
  });
});
