/** Call ids that break naive URL handling, all of which ACS could send (ids are 1–256 characters of anything). */
export const SEED_CALL_ID = '65c57654=f12c-4975-92a4-21668e61dd98';

export const ODD_CALL_IDS = [
  SEED_CALL_ID,
  'a+b c/d%e?f#g',
  'a%2Fb',
  '%E0%A4%A',
  '100%',
  'café',
  '日本-コール',
  'tab\there',
  'emoji-📞',
  'x'.repeat(256),
];

/**
 * Whether an HTTP header can carry the id unchanged (printable ASCII, no surrounding spaces, which the ingress trims).
 * ACS sends any other id only in the metadata packet: a header cannot carry raw non-ASCII.
 */
export function fitsInHeader(value: string): boolean {
  return /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value);
}
