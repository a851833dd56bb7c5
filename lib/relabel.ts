/**
 * Puts current participant labels into wire shapes, by raw id. The server names everything it sends with the
 * directory (server/directory/naming.ts); a browser applies a `directory:changed` event with the same functions.
 * Each returns its argument itself when no label changed, so unchanged rows keep their identity (React skips them).
 */
import type { RingingCall, SearchHit, Speaker } from './protocol';

/** The label to show for a raw id, or undefined to keep the one the shape has. */
export type LabelOf = (rawId: string) => string | undefined;

interface Labelled {
  rawId: string;
  label: string;
}

interface NamedCall {
  participants: readonly Labelled[];
  /** Absent on shapes without one (a search result's call). */
  lastLine?: { speakerLabel: string; speakerRawId?: string } | null;
}

export function relabelParticipant<T extends Labelled>(participant: T, labelOf: LabelOf): T {
  const label = labelOf(participant.rawId);
  return label === undefined || label === participant.label ? participant : { ...participant, label };
}

function relabelList<T extends Labelled>(list: readonly T[], labelOf: LabelOf): readonly T[] {
  let changed = false;
  const next = list.map((participant) => {
    const named = relabelParticipant(participant, labelOf);
    if (named !== participant) changed = true;
    return named;
  });
  return changed ? next : list;
}

/** A call list row, a call's summary or detail: its participants and its last line's speaker. */
export function relabelCall<T extends NamedCall>(call: T, labelOf: LabelOf): T {
  const participants = relabelList(call.participants, labelOf);
  const lastLine = call.lastLine ?? null;
  const lastLabel = lastLine?.speakerRawId === undefined ? undefined : labelOf(lastLine.speakerRawId);
  const lastChanged = lastLine !== null && lastLabel !== undefined && lastLabel !== lastLine.speakerLabel;
  if (participants === call.participants && !lastChanged) return call;
  return { ...call, participants, ...(lastChanged ? { lastLine: { ...lastLine, speakerLabel: lastLabel } } : {}) };
}

/** A transcript line (final or intermediate). */
export function relabelSpeakerOf<T extends { speaker: Speaker }>(item: T, labelOf: LabelOf): T {
  const speaker = relabelParticipant(item.speaker, labelOf);
  return speaker === item.speaker ? item : { ...item, speaker };
}

export function relabelLines<T extends { speaker: Speaker }>(lines: readonly T[], labelOf: LabelOf): T[] {
  return lines.map((line) => relabelSpeakerOf(line, labelOf));
}

export function relabelRinging(call: RingingCall, labelOf: LabelOf): RingingCall {
  const from = call.from === null ? null : relabelParticipant(call.from, labelOf);
  const to = call.to === null ? null : relabelParticipant(call.to, labelOf);
  return from === call.from && to === call.to ? call : { ...call, from, to };
}

export function relabelHit(hit: SearchHit, labelOf: LabelOf): SearchHit {
  const label = hit.speakerRawId === undefined ? undefined : labelOf(hit.speakerRawId);
  return label === undefined || label === hit.speakerLabel ? hit : { ...hit, speakerLabel: label };
}

/** A lookup from a `directory:changed` event's labels. */
export function labelsLookup(labels: readonly { rawId: string; label: string }[]): LabelOf {
  const byRawId = new Map(labels.map((entry) => [entry.rawId, entry.label]));
  return (rawId) => byRawId.get(rawId);
}
