// Validates a document against our structural schema with libxml2 (compiled to wasm): shared by the tests.
import { readFileSync } from 'node:fs';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

const schemaPath = new URL('../xzufi-2.2-structural.xsd', import.meta.url).pathname;

/** Returns libxml2's messages for an invalid document, or [] when it is valid. */
export function schemaErrors(xml: string): string[] {
  const xsd = XmlDocument.fromString(readFileSync(schemaPath, 'utf8'));
  const validator = XsdValidator.fromDoc(xsd);
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    const details = (error as { details?: { message: string; line: number }[] }).details;
    return details?.map((d) => `line ${d.line}: ${d.message.trim()}`) ?? [(error as Error).message];
  } finally {
    doc.dispose();
    validator.dispose();
    xsd.dispose();
  }
}
