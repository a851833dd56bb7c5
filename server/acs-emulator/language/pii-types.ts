/** PII entity shapes, using Azure AI Language category names so emulator output matches ACS field for field. */

export type PiiCategory =
  | 'Person'
  | 'PhoneNumber'
  | 'Address'
  | 'Email'
  | 'DateTime'
  | 'CreditCardNumber'
  | 'USSocialSecurityNumber'
  | 'ESDNI';

export interface PiiEntity {
  category: PiiCategory;
  /** UTF-16 index into the display text (what JavaScript string indexes are). */
  offset: number;
  /** UTF-16 units. */
  length: number;
  text: string;
}

export function entityAt(text: string, category: PiiCategory, offset: number, length: number): PiiEntity {
  return { category, offset, length, text: text.slice(offset, offset + length) };
}
