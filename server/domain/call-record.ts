/**
 * The call as Earshot's domain sees it. Transports (ingress, ACS webhooks, socket.io) and the call services all
 * work on this shape; the store only persists it. It imports nothing from the layers that use it.
 */
import { klona } from 'klona/json';
import { NO_ATTENTION_SIGNALS, type AttentionSignals } from '../../lib/attention';
import type { CallDetail, FinalSegment } from '../../lib/protocol';

/** A call as stored: everything the dashboard shows except one instance's ingest counters. */
export interface CallRecord extends Omit<CallDetail, 'ingest'> {
  serverCallId: string | null;
  /** Callbacks drive this call's state; a closed transcript stream then does not end it. */
  lifecycleManaged: boolean;
  /** What the attention score is computed from (lib/attention.ts); the list row carries the score. */
  attentionSignals: AttentionSignals;
  /**
   * The team a supervisor gave the call when placing or answering it (migration 016), or null. One of the inputs
   * of the call's teams (server/auth/call-visibility.ts); optional so records from older code read as "none".
   */
  assignedTeamId?: string | null;
}

/** The fields of a call that can change after it is created (the id never does). */
export type CallFields = Omit<CallRecord, 'callId'>;

/** Only the fields that changed: what an update writes, so writers that touch different fields never clobber each other. */
export type CallPatch = Partial<CallFields>;

/** A final line before the store numbers it. `dedupKey` identifies a repeat of the same final (see final-key.ts). */
export type NewFinal = Omit<FinalSegment, 'seq'> & { dedupKey: string };

/**
 * A call's `updatedAt` after a change at `now`: never equal to or before the one it replaces, even when the clock
 * reads the same millisecond (or steps back). Browsers keep the copy with the larger `updatedAt` when a history
 * snapshot and a live update of the same call cross (lib/call-state.ts), so two versions must never tie.
 */
export function nextUpdatedAt(previous: number, now: number): number {
  return now > previous ? now : previous + 1;
}

export function newCallRecord(callId: string, now: number, correlationId: string | null): CallRecord {
  return {
    callId,
    serverCallId: null,
    lifecycleManaged: false,
    state: 'connected',
    transcription: 'active',
    startedAt: now,
    endedAt: null,
    participants: [],
    locale: null,
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    health: { stream: 'none', streamSince: now, lastPacketAt: null, lastFinalAt: null },
    attentionSignals: NO_ATTENTION_SIGNALS,
    updatedAt: now,
    pending: [],
    lastError: null,
    assignedTeamId: null,
    metadata: {
      correlationId,
      subscriptionId: null,
      locales: [],
      sentimentAnalysis: null,
      piiRedaction: null,
      speechModelEndpointId: null,
    },
  };
}

const PATCHABLE: readonly (keyof CallFields)[] = [
  'serverCallId',
  'lifecycleManaged',
  'state',
  'transcription',
  'startedAt',
  'endedAt',
  'participants',
  'locale',
  'detectedLanguage',
  'sentimentNow',
  'sentimentTrend',
  'lastLine',
  'lastSeq',
  'piiLineCount',
  'health',
  'attentionSignals',
  'updatedAt',
  'pending',
  'lastError',
  'metadata',
  'assignedTeamId',
];

/**
 * The fields of `current` that differ from `persisted`, copied (klona's JSON mode: the record is JSON-shaped). Values
 * are small (short arrays, flat objects).
 */
export function diffCall(persisted: CallRecord, current: CallRecord): CallPatch {
  const patch: Record<string, unknown> = {};
  for (const field of PATCHABLE) {
    if (!sameValue(persisted[field], current[field])) patch[field] = klona(current[field]);
  }
  return patch as CallPatch;
}

function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return JSON.stringify(left) === JSON.stringify(right);
}
