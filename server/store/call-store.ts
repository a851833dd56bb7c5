/**
 * The storage contract. All SQL lives behind it: the SQLite implementation is the embedded default, and a
 * PostgreSQL one (Kysely's PostgresDialect with the same migrations) can be added for several instances.
 */
import type { AuditEntry, CallDetail, CallSummaryRecord, FinalSegment } from '../../lib/protocol';

/** A call as stored: everything the dashboard shows except this instance's ingest counters. */
export interface CallRecord extends Omit<CallDetail, 'ingest'> {
  serverCallId: string | null;
  /** Callbacks drive this call's state; a closed transcript stream then does not end it. */
  lifecycleManaged: boolean;
}

export interface SupervisorRecord {
  username: string;
  passwordHash: string;
  createdAt: number;
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

export interface CallStore {
  /** Creates the call if it does not exist; returns the stored row either way. */
  ensureCall(initial: CallRecord): Promise<{ call: CallRecord; created: boolean }>;
  getCall(callId: string): Promise<CallRecord | null>;
  /** Newest first. */
  listCalls(limit: number): Promise<CallRecord[]>;
  /** Ids of calls not yet disconnected. */
  listOpenCallIds(limit: number): Promise<string[]>;
  /** Persists final segments and the calls they changed in one transaction. */
  commitSegments(segments: readonly FinalSegment[], calls: readonly CallRecord[]): Promise<void>;
  /** Final segments with seq > afterSeq, ascending. */
  segmentsAfter(callId: string, afterSeq: number, limit: number): Promise<FinalSegment[]>;
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

  getValue(key: string): Promise<string | null>;
  /** Sets the value unless the key exists; returns the stored value. */
  setValueIfAbsent(key: string, value: string): Promise<string>;

  close(): Promise<void>;
}
