import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AreaNameInput, displayName, parseAreaName, withArticle } from './area-names.ts';

const area = (registerName: string, kind: AreaNameInput['kind'], verbandKind?: AreaNameInput['kind']) => ({
  registerName,
  kind,
  verbandKind,
});

describe('area names from the register', () => {
  it('splits name and title and spells out abbreviations', () => {
    assert.deepEqual(
      { ...parseAreaName(area('Lübeck, Hansestadt', '61')), noun: undefined },
      { name: 'Lübeck', title: 'Hansestadt', titles: ['Hansestadt'], noun: undefined, nounInName: false },
    );
    assert.equal(parseAreaName(area('Arnstein, St', '63')).title, 'Stadt');
    assert.equal(parseAreaName(area('Zell im Fichtelgebirge, M', '60')).title, 'Markt');
    assert.equal(parseAreaName(area('Neuburg a.d.Donau, GKSt', '67')).name, 'Neuburg a.d.Donau');
    assert.deepEqual(parseAreaName(area('Bautzen / Budyšin, Stadt, Hochschulstadt', '63')).titles, [
      'Stadt',
      'Hochschulstadt',
    ]);
    // No blank after the comma in the register.
    assert.equal(parseAreaName(area('Buchholz (Forstgutsbez.),gemfr. Gebiet', '66')).name, 'Buchholz (Forstgutsbez.)');
    assert.equal(parseAreaName(area('Sachsenwald (Forstgutsbez.),gemfr.Geb.', '66')).title, 'gemeindefreies Gebiet');
    assert.equal(parseAreaName(area('Soest', '43')).title, null);
  });

  const cases: Array<[AreaNameInput, string, string, string]> = [
    [area('Soest', '43'), 'der Kreis Soest', 'dem Kreis Soest', 'Kreis Soest'],
    [area('Städteregion Aachen', '43'), 'die StädteRegion Aachen', 'der StädteRegion Aachen', 'StädteRegion Aachen'],
    [
      area('Mayen-Koblenz', '44'),
      'der Landkreis Mayen-Koblenz',
      'dem Landkreis Mayen-Koblenz',
      'Landkreis Mayen-Koblenz',
    ],
    [area('Region Hannover', '44'), 'die Region Hannover', 'der Region Hannover', 'Region Hannover'],
    [area('Hochsauerlandkreis', '43'), 'der Hochsauerlandkreis', 'dem Hochsauerlandkreis', 'Hochsauerlandkreis'],
    [area('Märkischer Kreis', '43'), 'der Märkische Kreis', 'dem Märkischen Kreis', 'Märkischer Kreis'],
    [area('Rhein-Kreis Neuss', '43'), 'der Rhein-Kreis Neuss', 'dem Rhein-Kreis Neuss', 'Rhein-Kreis Neuss'],
    [area('Landkreis Rostock', '44'), 'der Landkreis Rostock', 'dem Landkreis Rostock', 'Landkreis Rostock'],
    [
      area('Altenburger Land', '44'),
      'der Landkreis Altenburger Land',
      'dem Landkreis Altenburger Land',
      'Landkreis Altenburger Land',
    ],
    [
      area('Regionalverband Saarbrücken', '45'),
      'der Regionalverband Saarbrücken',
      'dem Regionalverband Saarbrücken',
      'Regionalverband Saarbrücken',
    ],
    [
      area('Baden-Baden, Stadtkreis', '42'),
      'der Stadtkreis Baden-Baden',
      'dem Stadtkreis Baden-Baden',
      'Stadtkreis Baden-Baden',
    ],
    [area('Flensburg, Stadt', '41'), 'die Stadt Flensburg', 'der Stadt Flensburg', 'Stadt Flensburg'],
    [area('Nürnberg', '41'), 'die Stadt Nürnberg', 'der Stadt Nürnberg', 'Stadt Nürnberg'],
    [area('Mainz, kreisfreie Stadt', '41'), 'die Stadt Mainz', 'der Stadt Mainz', 'Stadt Mainz'],
    [area('Hagen, Stadt der FernUniversität', '41'), 'die Stadt Hagen', 'der Stadt Hagen', 'Stadt Hagen'],
    [area('Lübeck, Hansestadt', '61'), 'die Hansestadt Lübeck', 'der Hansestadt Lübeck', 'Hansestadt Lübeck'],
    [
      area('Kiel, Landeshauptstadt', '61'),
      'die Landeshauptstadt Kiel',
      'der Landeshauptstadt Kiel',
      'Landeshauptstadt Kiel',
    ],
    [
      area('Hamburg, Freie und Hansestadt', '61'),
      'die Freie und Hansestadt Hamburg',
      'der Freien und Hansestadt Hamburg',
      'Freie und Hansestadt Hamburg',
    ],
    [
      area('Greifswald, Universitäts- und Hansestadt', '63'),
      'die Universitäts- und Hansestadt Greifswald',
      'der Universitäts- und Hansestadt Greifswald',
      'Universitäts- und Hansestadt Greifswald',
    ],
    [area('Geseke, Stadt', '63'), 'die Stadt Geseke', 'der Stadt Geseke', 'Stadt Geseke'],
    [area('Arnstein, St', '63'), 'die Stadt Arnstein', 'der Stadt Arnstein', 'Stadt Arnstein'],
    [area('Lippetal', '64'), 'die Gemeinde Lippetal', 'der Gemeinde Lippetal', 'Gemeinde Lippetal'],
    [area('Kettig', '64', '53'), 'die Ortsgemeinde Kettig', 'der Ortsgemeinde Kettig', 'Ortsgemeinde Kettig'],
    [
      area('Mülheim-Kärlich, Stadt', '63', '53'),
      'die Stadt Mülheim-Kärlich',
      'der Stadt Mülheim-Kärlich',
      'Stadt Mülheim-Kärlich',
    ],
    [
      area('Weißenthurm', '53'),
      'die Verbandsgemeinde Weißenthurm',
      'der Verbandsgemeinde Weißenthurm',
      'Verbandsgemeinde Weißenthurm',
    ],
    [
      area('Markt Indersdorf, M', '60'),
      'der Markt Markt Indersdorf',
      'dem Markt Markt Indersdorf',
      'Markt Markt Indersdorf',
    ],
    [area('Kipfenberg', '60'), 'der Markt Kipfenberg', 'dem Markt Kipfenberg', 'Markt Kipfenberg'],
    [
      area('Freising, GKSt', '67'),
      'die Große Kreisstadt Freising',
      'der Großen Kreisstadt Freising',
      'Große Kreisstadt Freising',
    ],
    [area('Binz, Ostseebad', '64'), 'das Ostseebad Binz', 'dem Ostseebad Binz', 'Ostseebad Binz'],
    [
      area('Am Großen Rhode, gemfr. Gebiet', '66'),
      'das gemeindefreie Gebiet Am Großen Rhode',
      'dem gemeindefreien Gebiet Am Großen Rhode',
      'Gemeindefreies Gebiet Am Großen Rhode',
    ],
    [
      area('Martinlamitzer Forst-Nord', '66'),
      'das gemeindefreie Gebiet Martinlamitzer Forst-Nord',
      'dem gemeindefreien Gebiet Martinlamitzer Forst-Nord',
      'Gemeindefreies Gebiet Martinlamitzer Forst-Nord',
    ],
    [area('Amt Lütjenburg', '51'), 'das Amt Lütjenburg', 'dem Amt Lütjenburg', 'Amt Lütjenburg'],
    [area('Am Peenestrom', '51'), 'das Amt Am Peenestrom', 'dem Amt Am Peenestrom', 'Amt Am Peenestrom'],
    [
      area('Bad Birnbach (VGem)', '54'),
      'die Verwaltungsgemeinschaft Bad Birnbach',
      'der Verwaltungsgemeinschaft Bad Birnbach',
      'Verwaltungsgemeinschaft Bad Birnbach',
    ],
    [
      area('GVV Aidlingen/Grafenau', '56'),
      'der GVV Aidlingen/Grafenau',
      'dem GVV Aidlingen/Grafenau',
      'GVV Aidlingen/Grafenau',
    ],
    // A Gemeinde called "Amt Neuhaus" is no Amt.
    [area('Amt Neuhaus', '64'), 'die Gemeinde Amt Neuhaus', 'der Gemeinde Amt Neuhaus', 'Gemeinde Amt Neuhaus'],
    [
      area('Nordrhein-Westfalen', 'land'),
      'das Land Nordrhein-Westfalen',
      'dem Land Nordrhein-Westfalen',
      'Land Nordrhein-Westfalen',
    ],
    [area('Bayern', 'land'), 'der Freistaat Bayern', 'dem Freistaat Bayern', 'Freistaat Bayern'],
    [
      area('Reg.-Bez. Arnsberg', 'regierungsbezirk'),
      'der Regierungsbezirk Arnsberg',
      'dem Regierungsbezirk Arnsberg',
      'Regierungsbezirk Arnsberg',
    ],
    [
      area('Oberbayern', 'regierungsbezirk'),
      'der Regierungsbezirk Oberbayern',
      'dem Regierungsbezirk Oberbayern',
      'Regierungsbezirk Oberbayern',
    ],
    [
      area('früher: Reg.-Bez. Koblenz', 'regierungsbezirk'),
      'der ehemalige Regierungsbezirk Koblenz',
      'dem ehemaligen Regierungsbezirk Koblenz',
      'Ehemaliger Regierungsbezirk Koblenz',
    ],
    [
      area('Statistische Region Braunschweig', 'regierungsbezirk'),
      'die Statistische Region Braunschweig',
      'der Statistischen Region Braunschweig',
      'Statistische Region Braunschweig',
    ],
    [area('Region Stuttgart', 'region'), 'die Region Stuttgart', 'der Region Stuttgart', 'Region Stuttgart'],
  ];
  for (const [input, nom, dat, display] of cases) {
    it(`${input.registerName} (${input.kind}) → ${nom}`, () => {
      assert.equal(withArticle(input, 'nom'), nom);
      assert.equal(withArticle(input, 'dat'), dat);
      assert.equal(displayName(input), display);
    });
  }

  it('leaves honorifics that are no noun to the kind', () => {
    assert.equal(withArticle(area('Nettersheim, Tor zur Eifel', '64'), 'nom'), 'die Gemeinde Nettersheim');
    assert.equal(parseAreaName(area('Nettersheim, Tor zur Eifel', '64')).title, 'Tor zur Eifel');
  });
});
