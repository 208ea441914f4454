export type { DelimitedRow, TextSource } from './delimited.ts';
export { DelimitedSyntaxError, readDelimited } from './delimited.ts';
export {
  type AddressImportResult,
  addressChangeSet,
  administrationUnitId,
  importAdministrationAddresses,
} from './destatis-addresses.import.ts';
export type { AddressSatzart, AdministrationAddress } from './destatis-addresses.ts';
export { ADDRESS_COLUMNS, readAdministrationAddresses, unwrapDoubleQuoting } from './destatis-addresses.ts';
