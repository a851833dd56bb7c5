/** Speakers from ACS raw ids (`4:+1…`, `8:acs:…`): the one place that turns an identifier into a label. */
import { createIdentifierFromRawId } from '@azure/communication-common';
import { participantName } from '../../lib/participant-name';
import { SPEAKER_KINDS, type Speaker, type SpeakerKind } from '../../lib/protocol';
import { speakerLabel } from '../../lib/speaker-label';

/**
 * The speaker with the label it has without a directory entry (a phone number formatted for its country); what is
 * shown is the directory's name when it has one, put in where calls and lines leave the server (server/directory).
 */
export function speakerFromRawId(rawId: string | undefined): Speaker {
  if (rawId === undefined || rawId.trim() === '') return { rawId: 'unknown', kind: 'unknown', label: speakerLabel('unknown', '') };
  const kind = speakerKindOf(rawId);
  return { rawId, kind, label: participantName(kind, rawId) };
}

export function speakerKindOf(rawId: string): SpeakerKind {
  const identifier = createIdentifierFromRawId(rawId);
  return (SPEAKER_KINDS as readonly string[]).includes(identifier.kind) ? (identifier.kind as SpeakerKind) : 'unknown';
}
