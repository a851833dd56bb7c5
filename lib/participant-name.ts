/**
 * How a participant reads on every screen and in every export: the directory's name and role when it has an entry
 * ("Derek (agent)"), a phone number formatted for its country ("Caller +1 425 555 0117"), else the short raw-id label
 * (lib/speaker-label.ts). Pure; the server applies it (server/directory), so browsers, exports and the API agree.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { DirectoryEntry, DirectoryKind } from './directory';
import type { SpeakerKind } from './protocol';
import { speakerLabel } from './speaker-label';

const KIND_WORDS: Record<DirectoryKind, string> = { agent: 'agent', bot: 'bot', customer: 'customer' };

/** "Derek (agent)". */
export function directoryLabel(entry: Pick<DirectoryEntry, 'displayName' | 'kind'>): string {
  return `${entry.displayName} (${KIND_WORDS[entry.kind]})`;
}

/**
 * A phone participant without a directory entry: the PSTN side is the caller (see README, "Caller and agent"). The
 * number is formatted the international way for its country by libphonenumber-js (which separates groups with spaces);
 * a number it cannot make sense of is shown as received.
 */
export function phoneLabel(rawId: string): string {
  const number = rawId.replace(/^4:/, '');
  // Only a clean E.164 number is reformatted: libphonenumber would read a number out of surrounding junk.
  const parsed = /^\+[1-9]\d{1,14}$/.test(number) ? parsePhoneNumberFromString(number) : undefined;
  return `Caller ${parsed !== undefined && parsed.isPossible() ? parsed.formatInternational() : number}`;
}

/** The label for a participant: its directory entry's, else its raw id's. */
export function participantName(kind: SpeakerKind, rawId: string, entry?: Pick<DirectoryEntry, 'displayName' | 'kind'>): string {
  if (entry !== undefined) return directoryLabel(entry);
  return kind === 'phoneNumber' ? phoneLabel(rawId) : speakerLabel(kind, rawId);
}
