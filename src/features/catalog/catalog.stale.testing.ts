// Test support of stale local data (decision 0140): a small cut of the Kreis Soest as a bundle folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KREIS = '05974';
export const GESEKE = '05974020';
export const SERVICE = 'wohnsitz-anmelden';

/** A small cut of the Kreis Soest: the Kreis, Geseke and Erwitte, and the Kreis's "Wohnsitz anmelden" (test data). */
const FIXTURE = `format: amtsweg-bundle/1
areaKinds:
  - { code: land, name: Land, tiers: [land] }
  - { code: kreis, name: Kreis, tiers: [kreis] }
  - { code: gemeinde, name: Gemeinde, tiers: [gemeinde] }
areas:
  - { ags: "05", ars: "050000000000", name: Nordrhein-Westfalen, kind: land, slug: nrw }
  - { ags: "05974", ars: "059740000000", name: Kreis Soest, kind: kreis, parent: "05", slug: kreis-soest }
  - { ags: "05974020", ars: "059740020020", name: Geseke, kind: gemeinde, parent: "05974", slug: geseke }
  - { ags: "05974016", ars: "059740016016", name: Erwitte, kind: gemeinde, parent: "05974", slug: erwitte }
lebenslagen:
  - { id: umzug, name: Umzug, position: 1 }
services:
  - id: wohnsitz-anmelden
    tenant: "05974"
    name: Wohnsitz anmelden
    lebenslagen: [umzug]
    teaser: Wer umzieht, meldet sich an.
    fees: gebührenfrei
    responsibility: { default: gemeinde }
`;

export function staleFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-stale-'));
  writeFileSync(join(dir, 'kreis-soest-cut.yaml'), FIXTURE);
  return dir;
}
