/**
 * The storage contract. All SQL lives behind it: the SQLite implementation is the embedded default, and a
 * PostgreSQL one (Kysely's PostgresDialect with the same migrations) can be added for several instances.
 * The store persists what the domain (server/domain) hands it and allocates what must be unique across writers:
 * sequence numbers of final lines.
 */
import type { AuditEntry, CallSummaryRecord, FinalLine, FinalSegment, Participant } from '../../lib/protocol';
import type { CallPatch, CallRecord, NewFinal } from '../domain/call-record';
import type { AnnotationStore } from './annotation-store';
import type { Erasure } from '../../lib/erasure';
import type { CallPageKey, CallPageQuery } from './call-history-query';
import type { DeliveryStore } from './delivery-store';
import type { LookStore } from './look-store';
import type { SearchStore } from './search-store';
import type { TriageStore } from './triage-store';
import type { UserStore } from './user-store';
import type { DirectoryStore } from './directory-store';

export type { CallRecord } from '../domain/call-record';

export interface SupervisorRecord {
  username: string;
  passwordHash: string;
  createdAt: number;
  /** Read back from the store (migration 014); a disabled account cannot log in. */
  disabled?: boolean;
}

export interface SessionRecord {
  tokenHash: string;
  username: string;
  createdAt: number;
  expiresAt: number;
}

/** An incoming call kept for a supervisor to answer; the context is ACS's one-time answer token. */
export interface RingingCallRecord {
  id: string;
  incomingCallContext: string;
  fromRawId: string | null;
  toRawId: string | null;
  callerDisplayName: string | null;
  receivedAt: number;
  expiresAt: number;
}

/**
 * Rules and alerts (triage-store.ts), webhook deliveries (delivery-store.ts), annotations (annotation-store.ts),
 * looks (look-store.ts), search (search-store.ts) and users and teams (user-store.ts) are part of the contract: every
 * store implements them.
 */
export interface CallStore extends TriageStore, DeliveryStore, AnnotationStore, LookStore, SearchStore, UserStore, DirectoryStore {
  /** Creates the call if it does not exist; returns the stored row either way. */
  ensureCall(initial: CallRecord): Promise<{ call: CallRecord; created: boolean }>;
  getCall(callId: string): Promise<CallRecord | null>;
  /** Newest first. */
  listCalls(limit: number): Promise<CallRecord[]>;
  /** Calls not yet ended (connecting or connected), the longest-running first, at most `limit`. */
  listLiveCalls(limit: number): Promise<CallRecord[]>;
  /** Ended calls, the most recently ended first, at most `limit`. */
  listEndedCalls(limit: number): Promise<CallRecord[]>;
  /** The call history: calls matching the filter, newest first, the page after `query.after`; `next` starts the following page. */
  listCallPage(query: CallPageQuery): Promise<{ calls: CallRecord[]; next: CallPageKey | null }>;
  /** Ended calls that ended before `endedBefore`, the longest-ended first, at most `limit`, with their line counts (retention). */
  listCallsEndedBefore(endedBefore: number, limit: number): Promise<{ callId: string; lines: number }[]>;
  /**
   * Deletes ended calls with everything attached (lines, summaries, audit, alerts and their webhook deliveries, and
   * whatever cascades from the call), in one transaction; a call that is not ended, or gone already, is skipped.
   * Returns the ids it deleted.
   */
  deleteEndedCalls(callIds: readonly string[]): Promise<string[]>;
  /** Erases one ended call like deleteEndedCalls and records the erasure, in one transaction. */
  eraseCall(erasure: Erasure): Promise<'erased' | 'not_found' | 'not_ended'>;
  /** Erasures, newest first. */
  listErasures(limit: number): Promise<Erasure[]>;
  /**
   * Replaces the teams of each call (call-visibility.ts): an empty list leaves the call in Unassigned. Calls that do
   * not exist (erased meanwhile) are skipped.
   */
  setCallTeams(entries: readonly { callId: string; teamIds: readonly string[] }[]): Promise<void>;
  /** The stored teams of these calls (calls in Unassigned have no entry). */
  listCallTeams(callIds: readonly string[]): Promise<Map<string, string[]>>;
  /** What a call's teams are computed from, by call id after `afterCallId`, at most `limit`: recomputing in batches. */
  listCallTeamInputs(afterCallId: string | null, limit: number): Promise<{ callId: string; participants: Participant[]; assignedTeamId: string | null }[]>;
  /** Ids of calls not yet disconnected. */
  listOpenCallIds(limit: number): Promise<string[]>;
  /**
   * Stores final lines in one transaction and numbers them: per call, in the order given, each gets the next
   * sequence number (1, 2, 3…, no gap). A line whose `dedupKey` the call already has is a repeat: it is skipped
   * and gets no number. Returns the stored segments in the order given. The call's `lastSeq` follows.
   */
  appendFinals(finals: readonly NewFinal[]): Promise<FinalSegment[]>;
  /**
   * Changes one call atomically: reads it under a lock (no other writer changes it meanwhile), applies `change`, and
   * writes only the fields that changed. Returns the call after and the fields written; null for an unknown call.
   * Instances sharing a database change calls this way, so a change made elsewhere is never lost.
   */
  mutateCall(callId: string, change: (record: CallRecord) => void): Promise<{ call: CallRecord; patch: CallPatch } | null>;
  /** Writes only the given fields of each call, in one transaction. */
  updateCalls(updates: readonly { callId: string; patch: CallPatch }[]): Promise<void>;
  /** Dedup keys of the call's newest finals (at most `limit`), to recognise a repeat without a store round trip. */
  recentFinalKeys(callId: string, limit: number): Promise<string[]>;
  /** Final segments with seq > afterSeq, ascending. */
  segmentsAfter(callId: string, afterSeq: number, limit: number): Promise<FinalSegment[]>;
  /** Final lines (segments without their words) with seq > afterSeq, ascending, at most `limit`. */
  linesAfter(callId: string, afterSeq: number, limit: number): Promise<FinalLine[]>;
  /** Final lines with seq < beforeSeq (any seq when null): the newest `limit` of them, ascending. */
  linesBefore(callId: string, beforeSeq: number | null, limit: number): Promise<FinalLine[]>;
  addSummary(summary: CallSummaryRecord): Promise<void>;
  listSummaries(callId: string): Promise<CallSummaryRecord[]>;
  addAudit(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  listAudit(callId: string): Promise<AuditEntry[]>;

  addRingingCall(call: RingingCallRecord): Promise<void>;
  /** Calls still ringing at `now`, oldest first. */
  listRingingCalls(now: number): Promise<RingingCallRecord[]>;
  /** Removes and returns a ringing call, so only one supervisor (on any instance) can answer it. */
  takeRingingCall(id: string): Promise<RingingCallRecord | null>;
  deleteExpiredRingingCalls(now: number): Promise<number>;

  getSupervisor(username: string): Promise<SupervisorRecord | null>;
  countSupervisors(): Promise<number>;
  /** Inserts unless the username exists; returns whether it inserted. */
  createSupervisor(supervisor: SupervisorRecord): Promise<boolean>;
  setSupervisorPassword(username: string, passwordHash: string): Promise<void>;
  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  /** This instance now holds the call's stream, until `until` unless renewed. */
  claimStream(callId: string, instanceId: string, until: number): Promise<void>;
  /** Extends every lease this instance holds. */
  renewStreamLeases(instanceId: string, until: number): Promise<void>;
  /**
   * Gives up this instance's leases on these calls; returns the calls it still owned (no other instance took the
   * stream meanwhile). Many at once: streams drop together.
   */
  releaseStreams(callIds: readonly string[], instanceId: string): Promise<string[]>;
  /** Calls not yet ended whose stream nobody holds: no lease, or one that ran out before `now`. */
  listUnownedOpenCalls(now: number, limit: number): Promise<{ callId: string; lifecycleManaged: boolean; hadOwner: boolean }[]>;

  /** Whether an ACS event id was applied already (callbacks are marked only once their effects are stored). */
  hasProcessedEvent(id: string): Promise<boolean>;
  /** Records an event id as applied; returns false when it was already recorded (so at most one claim wins). */
  recordProcessedEvent(id: string, at: number): Promise<boolean>;
  deleteProcessedEventsBefore(at: number): Promise<number>;

  getValue(key: string): Promise<string | null>;
  /** Sets the value unless the key exists; returns the stored value. */
  setValueIfAbsent(key: string, value: string): Promise<string>;

  close(): Promise<void>;
}
