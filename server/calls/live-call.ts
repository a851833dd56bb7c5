/**
 * One call's in-memory state on this instance: the stored record plus what is only live (intermediate
 * results, open streams, ingest counters, the identities of recent finals). Every change is O(1): nothing here
 * grows with call length.
 */
import { randomUUID } from 'node:crypto';
import { klona } from 'klona/json';
import type { CallDetail, FinalSegment, InterimSegment, Speaker } from '../../lib/protocol';
import type { AttentionSignals } from '../../lib/attention';
import { appendBounded, nextRollingSentiment, SENTIMENT_TREND_POINTS } from '../../lib/sentiment-score';
import { diffCall, nextUpdatedAt, type CallFields, type CallPatch, type CallRecord, type NewFinal } from '../domain/call-record';
import { finalKey } from '../domain/final-key';
import { speakerFromRawId } from '../domain/speaker';
import type { LineContext, NormalizedLine, StreamMetadata } from '../domain/transcript-line';

/** What a stored final can change (participants too, when it is a new speaker's first line). */
const STORED_FINAL_FIELDS: readonly (keyof CallFields)[] = ['lastSeq', 'sentimentNow', 'sentimentTrend', 'detectedLanguage', 'piiLineCount', 'lastLine', 'health', 'attentionSignals', 'updatedAt'];

/** Speakers remembered per call (a conference can have many; past this they are just looked up each time). */
const MAX_SPEAKERS = 64;

/** How many recent final identities a call remembers; older repeats are still caught by the store. */
export const RECENT_FINAL_KEYS = 256;

export class LiveCall {
  readonly interims = new Map<string, InterimSegment>();
  /** Open utterance id per speaker: intermediate results and their final share it. */
  private readonly openUtterances = new Map<string, string>();
  private readonly recentKeys: BoundedSet;
  readonly ingest: { accepted: number; rejected: Record<string, number> } = { accepted: 0, rejected: {} };
  openStreams = 0;
  lastActivityAt: number;
  /** The record as this instance last stored it: updates write only the fields that differ from it. */
  persisted: CallRecord;
  /**
   * Fields changed since the last write. The stream's aggregates name themselves (cheap: no diff per final);
   * any other change makes it `all`, and the next write diffs the record against `persisted`.
   */
  private dirtyFields: Set<keyof CallFields> | 'all' = new Set();
  /** STORED_FINAL_FIELDS are in dirtyFields already: the next finals before the write need not add them again. */
  private finalFieldsDirty = false;
  /** When the first unwritten aggregate change happened (null when there is none). */
  private aggregatesDirtySince: number | null = null;

  constructor(
    public record: CallRecord,
    now: number,
    recentFinalKeys: readonly string[] = [],
  ) {
    this.lastActivityAt = now;
    this.persisted = structuredClone(record);
    this.recentKeys = new BoundedSet(RECENT_FINAL_KEYS, recentFinalKeys);
  }

  get callId() {
    return this.record.callId;
  }

  /** A call has a handful of speakers: each raw id is parsed and labelled once, not on every packet. */
  readonly speaker = (rawId: string | undefined): Speaker => {
    const key = rawId ?? '';
    let speaker = this.speakers.get(key);
    if (speaker === undefined) {
      speaker = speakerFromRawId(rawId);
      if (this.speakers.size < MAX_SPEAKERS) this.speakers.set(key, speaker);
    }
    return speaker;
  };
  private readonly speakers = new Map<string, Speaker>();

  detail(): CallDetail {
    const { serverCallId: _serverCallId, lifecycleManaged: _managed, attentionSignals: _signals, ...call } = this.record;
    return { ...call, participants: [...call.participants], pending: [...call.pending], ingest: { accepted: this.ingest.accepted, rejected: { ...this.ingest.rejected } } };
  }

  countRejected(reason: string) {
    this.ingest.rejected[reason] = (this.ingest.rejected[reason] ?? 0) + 1;
  }

  applyMetadata(metadata: StreamMetadata, now: number) {
    const record = this.record;
    record.locale = metadata.locale ?? record.locale;
    record.metadata = {
      correlationId: metadata.correlationId ?? record.metadata.correlationId,
      subscriptionId: metadata.subscriptionId ?? record.metadata.subscriptionId,
      locales: metadata.locales ?? record.metadata.locales,
      sentimentAnalysis: metadata.sentimentAnalysis ?? record.metadata.sentimentAnalysis,
      piiRedaction: metadata.piiRedaction ?? record.metadata.piiRedaction,
      speechModelEndpointId: metadata.speechModelEndpointId ?? record.metadata.speechModelEndpointId,
    };
    record.updatedAt = nextUpdatedAt(record.updatedAt, now);
  }

  /** What the ingress needs to turn this call's packets into lines. */
  lineContext(): LineContext {
    return { streamLocale: this.record.locale, piiRedactionEnabled: this.record.metadata.piiRedaction?.enabled ?? null, speaker: this.speaker };
  }

  applyInterim(line: NormalizedLine, now: number): InterimSegment {
    const utteranceId = this.utteranceFor(line.speaker.rawId);
    const interim = interimSegment(this.callId, utteranceId, line, now);
    this.interims.set(line.speaker.rawId, interim);
    return interim;
  }

  /**
   * A final closes its speaker's utterance. Returns the line to store, or null when it repeats a final this call
   * already has (same speaker, offset, duration and text): ACS resends finals after a reconnect.
   */
  takeFinal(line: NormalizedLine, now: number): NewFinal | null {
    const utteranceId = this.utteranceFor(line.speaker.rawId);
    this.openUtterances.delete(line.speaker.rawId);
    this.interims.delete(line.speaker.rawId);
    const dedupKey = finalKey({ speakerRawId: line.speaker.rawId, offsetMs: line.offsetMs, durationMs: line.durationMs, text: line.text });
    if (!this.recentKeys.add(dedupKey)) return null;
    return newFinal(this.callId, utteranceId, line, now, dedupKey);
  }

  /**
   * A packet arrived from the call's stream. The time is kept to the second, so a busy call changes its row (and
   * its aggregates) at most once a second for it; true when it changed.
   */
  notePacket(now: number): boolean {
    const second = now - (now % 1_000);
    const health = this.record.health;
    if (health.lastPacketAt === second) return false;
    this.record.health = { ...health, lastPacketAt: second };
    if (this.dirtyFields !== 'all') this.dirtyFields.add('health');
    this.aggregatesDirtySince ??= now;
    return true;
  }

  /** The time-based attention signals moved (silence, duration): written with the aggregates. */
  setAttentionSignals(signals: AttentionSignals, now: number) {
    this.record.attentionSignals = signals;
    if (this.dirtyFields !== 'all') this.dirtyFields.add('attentionSignals');
    this.aggregatesDirtySince ??= now;
  }

  /**
   * The call's open alerts were counted again (one raised or acknowledged): only its list row shows them (a call's
   * detail leaves attention out), so this is one field and the time, written with the call's next row write.
   */
  setOpenAlerts(openAlerts: AttentionSignals['openAlerts'], now: number) {
    this.record.attentionSignals = { ...this.record.attentionSignals, openAlerts };
    this.record.updatedAt = nextUpdatedAt(this.record.updatedAt, now);
    if (this.dirtyFields !== 'all') {
      this.dirtyFields.add('attentionSignals');
      this.dirtyFields.add('updatedAt');
    }
  }

  /** Something other than a stored final changed the record (metadata, stream, callback, control). */
  markChanged() {
    this.dirtyFields = 'all';
  }

  /**
   * True while the only unwritten changes are the stream's aggregates (last line, sentiment, numbering), made less
   * than `maxAgeMs` ago: those may wait, so a busy call's row is written every few seconds, not on every final.
   * (After a crash the numbering is repaired from the segments; the last line and sentiment catch up with the next.)
   */
  canWait(now: number, maxAgeMs: number): boolean {
    return this.dirtyFields !== 'all' && this.aggregatesDirtySince !== null && now - this.aggregatesDirtySince < maxAgeMs;
  }

  /** The fields to write now, copied, and starts collecting the next ones. Confirm it once stored. */
  takePatch(): CallPatch {
    const dirty = this.dirtyFields;
    this.dirtyFields = new Set();
    this.finalFieldsDirty = false;
    this.aggregatesDirtySince = null;
    if (dirty === 'all') return diffCall(this.persisted, this.record);
    const patch: Record<string, unknown> = {};
    for (const field of dirty) {
      const value = this.record[field];
      // klona's JSON mode: the record is JSON-shaped, and structuredClone (a serialise and parse) cost ~2 µs a field.
      patch[field] = typeof value === 'object' && value !== null ? klona(value) : value;
    }
    return patch as CallPatch;
  }

  /** The patch was stored. It is not changed after this (takePatch copied it), so its values can be shared. */
  confirmPatch(patch: CallPatch) {
    Object.assign(this.persisted, patch);
  }

  /** A write failed: the next one diffs everything again. */
  patchFailed() {
    this.dirtyFields = 'all';
  }

  /** A final the store numbered: only now does it count for the call's aggregates. */
  applyStored(segment: FinalSegment, now: number) {
    const record = this.record;
    const dirty = this.dirtyFields;
    this.aggregatesDirtySince ??= now;
    if (dirty !== 'all' && !this.finalFieldsDirty) {
      for (const field of STORED_FINAL_FIELDS) dirty.add(field);
      this.finalFieldsDirty = true;
    }
    record.lastSeq = Math.max(record.lastSeq, segment.seq);
    if (!record.participants.some((participant) => participant.rawId === segment.speaker.rawId)) {
      record.participants = [...record.participants, { ...segment.speaker }];
      if (dirty !== 'all') dirty.add('participants');
    }
    if (segment.sentiment !== null) {
      record.sentimentNow = nextRollingSentiment(record.sentimentNow, segment.sentiment);
      record.sentimentTrend = appendBounded(record.sentimentTrend, record.sentimentNow, SENTIMENT_TREND_POINTS);
    }
    if (segment.language !== null) record.detectedLanguage = segment.language;
    if (segment.piiMasked) record.piiLineCount += 1;
    record.health = { ...record.health, lastFinalAt: segment.receivedAt };
    const negativeStreak = segment.sentiment === 'negative' ? record.attentionSignals.negativeStreak + 1 : 0;
    if (negativeStreak !== record.attentionSignals.negativeStreak || record.attentionSignals.silenceStep !== 0) {
      record.attentionSignals = { ...record.attentionSignals, negativeStreak, silenceStep: 0 };
    }
    record.lastLine = { speakerLabel: segment.speaker.label, speakerRawId: segment.speaker.rawId, text: segment.text, sentiment: segment.sentiment, seq: segment.seq, piiMasked: segment.piiMasked };
    record.updatedAt = nextUpdatedAt(record.updatedAt, now);
  }

  private utteranceFor(speakerRawId: string): string {
    let id = this.openUtterances.get(speakerRawId);
    if (id === undefined) {
      id = randomUUID();
      this.openUtterances.set(speakerRawId, id);
    }
    return id;
  }
}

/**
 * The identities of a call's recent finals, bounded, oldest forgotten first. Kept as numbers (the first 48 bits of
 * each key) rather than strings: a tenth of the memory for thousands of live calls. A false repeat needs two
 * different lines of one call, within 256 of each other, to share 48 bits of SHA-256: about one chance in 10^12
 * per line.
 */
class BoundedSet {
  private readonly items = new Set<number>();

  constructor(
    private readonly limit: number,
    initial: readonly string[],
  ) {
    for (const item of initial) this.add(item);
  }

  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    const item = keyNumber(key);
    if (this.items.has(item)) return false;
    this.items.add(item);
    if (this.items.size > this.limit) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    return true;
  }
}

/** The first 48 bits of a base64url final key, as a number. */
function keyNumber(key: string): number {
  return Buffer.from(key.slice(0, 8), 'base64url').readUIntBE(0, 6);
}

// The two builders below spell their fields out rather than spread a shared part: one object per packet instead
// of two, each of one fixed shape (a spread copied through V8's generic path on every packet).

function interimSegment(callId: string, utteranceId: string, line: NormalizedLine, receivedAt: number): InterimSegment {
  return {
    callId,
    utteranceId,
    speaker: line.speaker,
    text: line.text,
    offsetMs: line.offsetMs,
    durationMs: line.durationMs,
    confidence: line.confidence,
    words: line.words,
    sentiment: line.sentiment,
    language: line.language,
    piiMasked: line.piiMasked,
    receivedAt,
    status: 'intermediate',
  };
}

function newFinal(callId: string, utteranceId: string, line: NormalizedLine, receivedAt: number, dedupKey: string): NewFinal {
  return {
    callId,
    utteranceId,
    speaker: line.speaker,
    text: line.text,
    offsetMs: line.offsetMs,
    durationMs: line.durationMs,
    confidence: line.confidence,
    words: line.words,
    sentiment: line.sentiment,
    language: line.language,
    piiMasked: line.piiMasked,
    receivedAt,
    status: 'final',
    dedupKey,
  };
}


