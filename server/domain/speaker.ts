/** Speakers from ACS raw ids (`4:+1…`, `8:acs:…`): the one place that turns an identifier into a label. */
import { createIdentifierFromRawId } from '@azure/communication-common';
import { SPEAKER_KINDS, type Speaker, type SpeakerKind } from '../../lib/protocol';
import { speakerLabel } from '../../lib/speaker-label';

export function speakerFromRawId(rawId: string | undefined): Speaker {
  if (rawId === undefined || rawId.trim() === '') return { rawId: 'unknown', kind: 'unknown', label: speakerLabel('unknown', '') };
  const identifier = createIdentifierFromRawId(rawId);
  const kind: SpeakerKind = (SPEAKER_KINDS as readonly string[]).includes(identifier.kind) ? (identifier.kind as SpeakerKind) : 'unknown';
  return { rawId, kind, label: speakerLabel(kind, rawId) };
}
