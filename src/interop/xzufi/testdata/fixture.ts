// Loads the hand-made test catalog (testdata/catalog.json) as domain records.
import { readFileSync } from 'node:fs';
import type { Area, AuthorityWithAssignments, Service } from '../../../features/catalog/catalog.ts';
import type { XzufiHeader } from '../xzufi-writer.ts';

export interface Fixture {
  header: XzufiHeader;
  areas: Pick<Area, 'ags' | 'ars'>[];
  services: Service[];
  authorities: AuthorityWithAssignments[];
}

export const testdata = (name: string): string => new URL(name, import.meta.url).pathname;

export function loadFixture(): Fixture {
  return JSON.parse(readFileSync(testdata('catalog.json'), 'utf8')) as Fixture;
}

/** A string as a stream of small chunks, so that tests cross chunk borders inside tags and multi-byte characters. */
export async function* chunked(text: string, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}
