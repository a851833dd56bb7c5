/**
 * Everything the SQLite and PostgreSQL stores share: Kysely builds the same SQL for both (the migrations give them
 * the same columns). Each dialect adds its ingest hot path — numbering finals and updating calls, thousands of
 * times a second — written for its driver.
 */
import { sql, type ExpressionBuilder, type Kysely, type Insertable, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { parseSearchQuery, type SearchQuery } from '../../lib/search-query';
import { teamScopeCondition } from './team-scope-sql';
import type { Annotation, AuditEntry, CallSummaryRecord, FinalSegment } from '../../lib/protocol';
import { rowToAnnotation } from './annotation-rows';
import type { AnnotationDeletion } from './annotation-store';
import { diffCall, type CallPatch, type CallRecord, type NewFinal } from '../domain/call-record';
import type { Logger } from '../log';
import type { CallStore, RingingCallRecord, SessionRecord, SupervisorRecord } from './call-store';
import { callPatchToColumns, callToRow } from './call-columns';
import type { CallsTable, Database, RingingCallsTable, SummariesTable } from './database-schema';
import { rowToDelivery } from './delivery-rows';
import type { DeliveryAttemptResult, NewDelivery } from './delivery-store';
import type { CallLook } from './look-store';
import { CorruptRowError, LINE_COLUMNS, rowToParticipants, rowToAudit, rowToCall, rowToLine, rowToSegment, rowToSummary } from './row-mapping';
import type { Alert, Rule } from '../../lib/rules';
import type { AlertQuery, OpenAlertCounts } from './triage-store';
import { alertToRow, rowToAlert, rowToRule, ruleToRow } from './triage-row-mapping';
import { finishSearchPage, type MatchedLineRow } from './search-sql';
import type { LineSearch } from './search-store';
import type { Erasure } from '../../lib/erasure';
import type { Team } from '../../lib/users';
import { KyselyUserStore } from './kysely-user-store';
import type { NewSsoUser, NewUser, UserChange } from './user-store';
import type { DirectoryEntry } from '../../lib/directory';
import type { DirectorySearch } from './directory-store';
import { KyselyDirectoryStore } from './kysely-directory-store';
import { historyOrderColumn, selectCallPage, type CallPageQuery, type HistoryDialect } from './call-history-query';

/** Calls per DELETE statement: well under SQLite's bound on statement parameters. */
const DELETE_CHUNK = 200;

export abstract class KyselyCallStore implements CallStore {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly log: Logger | undefined,
  ) {}

  abstract appendFinals(finals: readonly NewFinal[]): Promise<FinalSegment[]>;
  abstract updateCalls(updates: readonly { callId: string; patch: CallPatch }[]): Promise<void>;
  abstract recentFinalKeys(callId: string, limit: number): Promise<string[]>;
  /** Highest stored seq of a call (0 when none). */
  protected abstract maxSeq(callId: string): Promise<number>;

  async ensureCall(initial: CallRecord) {
    const result = await this.db.insertInto('calls').values(callToRow(initial)).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    const created = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    const call = await this.getCall(initial.callId);
    if (!call) throw new Error(`call ${initial.callId} vanished after insert`);
    return { call, created };
  }

  async getCall(callId: string) {
    const row = await this.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
    if (!row) return null;
    const call = this.readRow(() => rowToCall(row));
    // The segments table is the truth for sequence numbers: a call row written before a crash may lag behind it.
    call.lastSeq = Math.max(call.lastSeq, await this.maxSeq(callId));
    return call;
  }

  async mutateCall(callId: string, change: (record: CallRecord) => void): Promise<{ call: CallRecord; patch: CallPatch } | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockCallRow(trx, callId);
      if (!row) return null;
      const before = this.readRow(() => rowToCall(row));
      const call = structuredClone(before);
      change(call);
      const patch = diffCall(before, call);
      const columns = callPatchToColumns(patch);
      if (Object.keys(columns).length > 0) await trx.updateTable('calls').set(columns).where('id', '=', callId).execute();
      return { call, patch };
    });
  }

  /** Reads a call's row inside a transaction so no other writer can change it until the transaction ends. */
  protected abstract lockCallRow(trx: Transaction<Database>, callId: string): Promise<Selectable<CallsTable> | undefined>;

  async listCalls(limit: number) {
    const rows = await this.db.selectFrom('calls').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return this.readRows(rows, rowToCall);
  }

  async listLiveCalls(limit: number) {
    // `IN`, not `!= 'disconnected'`: the (state, …) indexes serve it.
    const rows = await this.db.selectFrom('calls').selectAll().where('state', 'in', ['connecting', 'connected']).orderBy('started_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
    return this.readRows(rows, rowToCall);
  }

  async listEndedCalls(limit: number) {
    // Every ended call has `ended_at` (whoever ends a call sets it); the (state, ended_at) index serves the order.
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('state', '=', 'disconnected')
      .where('ended_at', 'is not', null)
      .orderBy('ended_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return this.readRows(rows, rowToCall);
  }

  // ------------------------------------------------------------ history, retention and erasure

  /** The SQL that differs between the dialects in the history's filters (call-history-query.ts). */
  protected abstract readonly historyDialect: HistoryDialect;

  /** A condition on `calls`: some final line of the call matches the query (the store's full-text index). */
  protected abstract transcriptMatch(query: SearchQuery): Promise<RawBuilder<SqlBool>>;

  async listCallPage(query: CallPageQuery) {
    const text = query.filter.text;
    // The text filter also finds calls by their transcript's words, as /api/search reads them; text that is no
    // search query (no letters or digits, only exclusions, a one-letter prefix) matches ids and participants only.
    const parsed = text === null ? null : parseSearchQuery(text);
    const transcript = parsed?.ok ? await this.transcriptMatch(parsed.query) : null;
    const rows = await selectCallPage(this.db, this.historyDialect, query, transcript).execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const column = historyOrderColumn(query.filter.state);
    const next = rows.length > query.limit && last !== undefined ? { at: Number(last[column] ?? 0), id: last.id } : null;
    return { calls: this.readRows(page, rowToCall), next };
  }

  async listCallsEndedBefore(endedBefore: number, limit: number) {
    await this.settleLines();
    const rows = await this.db
      .selectFrom('calls')
      // The segments table is the truth (a call row's last_seq may lag it); the primary key (call_id, seq) serves max().
      .select((eb) => ['id', eb.selectFrom('segments').select((inner) => inner.fn.max('seq').as('seq')).whereRef('segments.call_id', '=', 'calls.id').as('lines')])
      .where('state', '=', 'disconnected')
      .where('ended_at', '<', endedBefore)
      .orderBy('ended_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ callId: row.id, lines: Number(row.lines ?? 0) }));
  }

  async deleteEndedCalls(callIds: readonly string[]) {
    if (callIds.length === 0) return [];
    const deleted = await this.db.transaction().execute(async (trx) => {
      const ended = await this.lockEndedCalls(trx, callIds);
      await this.deleteCallRows(trx, ended);
      return ended;
    });
    this.forgetCalls(deleted);
    return deleted;
  }

  async eraseCall(erasure: Erasure) {
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await this.lockCallRow(trx, erasure.callId);
      if (!row) return 'not_found' as const;
      if (row.state !== 'disconnected') return 'not_ended' as const;
      await this.deleteCallRows(trx, [erasure.callId]);
      await trx
        .insertInto('erasures')
        .values({ id: erasure.id, call_id: erasure.callId, actor: erasure.actor, at: erasure.at, reason: erasure.reason })
        .execute();
      return 'erased' as const;
    });
    if (outcome === 'erased') this.forgetCalls([erasure.callId]);
    return outcome;
  }

  async listErasures(limit: number) {
    const rows = await this.db.selectFrom('erasures').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, callId: row.call_id, actor: row.actor, at: Number(row.at), reason: row.reason }));
  }

  /** Of these calls, the ones ended now, locked (PostgreSQL) so none comes back to life while it is deleted. */
  protected abstract lockEndedCalls(trx: Transaction<Database>, callIds: readonly string[]): Promise<string[]>;

  /** Held until the transaction ends: no other transaction adds a rule meanwhile (the bound in createRule). */
  protected abstract lockRules(trx: Transaction<Database>): Promise<void>;

  /** Something a store keeps in memory per call (SQLite: the last sequence number) is dropped with the call. */
  protected forgetCalls(_callIds: readonly string[]): void {}

  /**
   * Lines stored but not yet where reads look (SQLite stages new lines: sqlite-line-staging.ts) are put there: one
   * call's, or every call's without an id. Every read of the segments table settles first.
   */
  protected async settleLines(_callId?: string): Promise<void> {}

  /** Lines of these calls that a store keeps outside the segments table go with them (inside the deleting transaction). */
  protected async deleteUnsettledLines(_trx: Transaction<Database>, _callIds: readonly string[]): Promise<void> {}

  /**
   * Every row of these calls, table by table with plain DELETEs (so triggers, such as a search index's, see each
   * row go). Tables added later with a foreign key to calls ON DELETE CASCADE go with the call row.
   */
  private async deleteCallRows(trx: Transaction<Database>, callIds: readonly string[]) {
    for (let start = 0; start < callIds.length; start += DELETE_CHUNK) {
      const ids = callIds.slice(start, start + DELETE_CHUNK);
      await trx.deleteFrom('alert_deliveries').where('alert_id', 'in', (eb) => eb.selectFrom('alerts').select('alerts.id').where('alerts.call_id', 'in', ids)).execute();
      await trx.deleteFrom('alerts').where('call_id', 'in', ids).execute();
      await trx.deleteFrom('audit_entries').where('call_id', 'in', ids).execute();
      await trx.deleteFrom('summaries').where('call_id', 'in', ids).execute();
      await trx.deleteFrom('segments').where('call_id', 'in', ids).execute();
      await this.deleteUnsettledLines(trx, ids);
      await trx.deleteFrom('call_teams').where('call_id', 'in', ids).execute();
      await trx.deleteFrom('calls').where('id', 'in', ids).execute();
    }
  }

  // ------------------------------------------------------------ call teams (call-visibility.ts)

  async setCallTeams(entries: readonly { callId: string; teamIds: readonly string[] }[]) {
    if (entries.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < entries.length; start += DELETE_CHUNK) {
        const chunk = entries.slice(start, start + DELETE_CHUNK);
        await trx.deleteFrom('call_teams').where('call_id', 'in', chunk.map((entry) => entry.callId)).execute();
        const rows = chunk.flatMap((entry) => [...new Set(entry.teamIds)].map((teamId) => ({ call_id: entry.callId, team_id: teamId })));
        // Only calls that exist (an erased call's late write must not come back as rows).
        if (rows.length > 0) {
          const existing = new Set(
            (await trx.selectFrom('calls').select('id').where('id', 'in', chunk.map((entry) => entry.callId)).execute()).map((row) => row.id),
          );
          const kept = rows.filter((row) => existing.has(row.call_id));
          if (kept.length > 0) await trx.insertInto('call_teams').values(kept).onConflict((oc) => oc.doNothing()).execute();
        }
      }
    });
  }

  async listCallTeams(callIds: readonly string[]) {
    const teams = new Map<string, string[]>();
    for (let start = 0; start < callIds.length; start += DELETE_CHUNK) {
      const rows = await this.db.selectFrom('call_teams').selectAll().where('call_id', 'in', callIds.slice(start, start + DELETE_CHUNK)).orderBy('call_id').orderBy('team_id').execute();
      for (const row of rows) teams.set(row.call_id, [...(teams.get(row.call_id) ?? []), row.team_id]);
    }
    return teams;
  }

  async listCallTeamInputs(afterCallId: string | null, limit: number) {
    let select = this.db.selectFrom('calls').select(['id', 'participants_json', 'assigned_team_id']).orderBy('id').limit(limit);
    if (afterCallId !== null) select = select.where('id', '>', afterCallId);
    const rows = await select.execute();
    return rows.map((row) => ({
      callId: row.id,
      participants: this.readRow(() => rowToParticipants(row.id, row.participants_json)),
      assignedTeamId: row.assigned_team_id ?? null,
    }));
  }

  async listOpenCallIds(limit: number) {
    const rows = await this.db.selectFrom('calls').select('id').where('state', '!=', 'disconnected').orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((row) => row.id);
  }

  async segmentsAfter(callId: string, afterSeq: number, limit: number) {
    await this.settleLines(callId);
    const rows = await this.db
      .selectFrom('segments')
      .select([...LINE_COLUMNS, 'words_json', 'dedup_key'])
      .where('call_id', '=', callId)
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map((row) => this.readRow(() => rowToSegment(row)));
  }

  async linesAfter(callId: string, afterSeq: number, limit: number) {
    await this.settleLines(callId);
    const rows = await this.db.selectFrom('segments').select(LINE_COLUMNS).where('call_id', '=', callId).where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
    return rows.map((row) => this.readRow(() => rowToLine(row)));
  }

  async linesBefore(callId: string, beforeSeq: number | null, limit: number) {
    await this.settleLines(callId);
    let query = this.db.selectFrom('segments').select(LINE_COLUMNS).where('call_id', '=', callId);
    if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.reverse().map((row) => this.readRow(() => rowToLine(row)));
  }

  async addSummary(summary: CallSummaryRecord) {
    const row: Insertable<SummariesTable> = {
      id: summary.id,
      call_id: summary.callId,
      kind: summary.kind,
      text: summary.text,
      locale: summary.locale,
      operation_context: summary.operationContext,
      created_at: summary.createdAt,
    };
    await this.db.insertInto('summaries').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  async listSummaries(callId: string) {
    const rows = await this.db.selectFrom('summaries').selectAll().where('call_id', '=', callId).orderBy('created_at', 'asc').execute();
    return this.readRows(rows, rowToSummary);
  }

  async addAudit(entry: AuditEntry) {
    await this.db
      .insertInto('audit_entries')
      .values({
        id: entry.id,
        call_id: entry.callId,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        operation_context: entry.operationContext,
        outcome: entry.outcome,
        detail: entry.detail,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async listAudit(callId: string) {
    const rows = await this.db.selectFrom('audit_entries').selectAll().where('call_id', '=', callId).orderBy('at', 'asc').orderBy('id', 'asc').execute();
    return this.readRows(rows, rowToAudit);
  }

  async addRingingCall(call: RingingCallRecord) {
    await this.db
      .insertInto('ringing_calls')
      .values({
        id: call.id,
        incoming_call_context: call.incomingCallContext,
        from_raw_id: call.fromRawId,
        to_raw_id: call.toRawId,
        caller_display_name: call.callerDisplayName,
        received_at: call.receivedAt,
        expires_at: call.expiresAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async listRingingCalls(now: number) {
    const rows = await this.db.selectFrom('ringing_calls').selectAll().where('expires_at', '>', now).orderBy('received_at', 'asc').execute();
    return rows.map(rowToRinging);
  }

  async recordCallLook(look: CallLook): Promise<CallLook | null> {
    return this.db.transaction().execute(async (trx) => {
      const previous = await readCallLook(trx, look.username, look.callId);
      const lastSeq = Math.max(look.lastSeq, previous?.lastSeq ?? 0);
      await trx
        .insertInto('call_looks')
        .values({ username: look.username, call_id: look.callId, last_seq: lastSeq, looked_at: look.lookedAt })
        .onConflict((oc) => oc.columns(['username', 'call_id']).doUpdateSet({ last_seq: lastSeq, looked_at: look.lookedAt }))
        .execute();
      return previous;
    });
  }

  async recordCallLooks(username: string, looks: readonly { callId: string; lastSeq: number }[], lookedAt: number): Promise<void> {
    // One row per call (PostgreSQL refuses to update a row twice in one statement), the furthest line kept.
    const furthest = new Map<string, number>();
    for (const look of looks) furthest.set(look.callId, Math.max(look.lastSeq, furthest.get(look.callId) ?? 0));
    const callIds = [...furthest.keys()];
    for (let start = 0; start < callIds.length; start += LOOKS_PER_STATEMENT) {
      const chunk = callIds.slice(start, start + LOOKS_PER_STATEMENT);
      await this.db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('calls').select('id').where('id', 'in', chunk).execute();
        if (existing.length === 0) return;
        await trx
          .insertInto('call_looks')
          .values(existing.map((row) => ({ username, call_id: row.id, last_seq: furthest.get(row.id) ?? 0, looked_at: lookedAt })))
          .onConflict((oc) =>
            oc.columns(['username', 'call_id']).doUpdateSet((eb) => ({
              // max() is SQLite's and GREATEST() PostgreSQL's; CASE is both's.
              last_seq: sql<number>`CASE WHEN excluded.last_seq > call_looks.last_seq THEN excluded.last_seq ELSE call_looks.last_seq END`,
              looked_at: eb.ref('excluded.looked_at'),
            })),
          )
          .execute();
      });
    }
  }

  async getCallLook(username: string, callId: string): Promise<CallLook | null> {
    return readCallLook(this.db, username, callId);
  }

  async takeRingingCall(id: string) {
    // One statement: of several supervisors (on any instance) answering at once, exactly one gets the row.
    const row = await this.db.deleteFrom('ringing_calls').where('id', '=', id).returningAll().executeTakeFirst();
    return row ? rowToRinging(row) : null;
  }

  async deleteExpiredRingingCalls(now: number) {
    const result = await this.db.deleteFrom('ringing_calls').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getSupervisor(username: string): Promise<SupervisorRecord | null> {
    const row = await this.db.selectFrom('supervisors').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? { username: row.username, passwordHash: row.password_hash, createdAt: Number(row.created_at), disabled: Number(row.disabled) !== 0 } : null;
  }

  async countSupervisors() {
    const row = await this.db.selectFrom('supervisors').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async createSupervisor(supervisor: SupervisorRecord) {
    const result = await this.db
      .insertInto('supervisors')
      .values({ username: supervisor.username, password_hash: supervisor.passwordHash, created_at: supervisor.createdAt, role: 'admin' })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  // Users and teams (migration 014): kysely-user-store.ts; these pass through.
  private userStore: KyselyUserStore | undefined;
  private get users() {
    return (this.userStore ??= new KyselyUserStore(this.db));
  }
  listUsers() {
    return this.users.listUsers();
  }
  getUser(username: string) {
    return this.users.getUser(username);
  }
  createUser(user: NewUser) {
    return this.users.createUser(user);
  }
  updateUser(username: string, change: UserChange) {
    return this.users.updateUser(username, change);
  }
  ensureAdmin(username: string) {
    return this.users.ensureAdmin(username);
  }
  deleteSessionsOf(username: string, keepTokenHash?: string) {
    return this.users.deleteSessionsOf(username, keepTokenHash);
  }
  findIdentityUser(issuer: string, subject: string) {
    return this.users.findIdentityUser(issuer, subject);
  }
  createSsoUser(user: NewSsoUser) {
    return this.users.createSsoUser(user);
  }
  recordIdentityLogin(issuer: string, subject: string, at: number) {
    return this.users.recordIdentityLogin(issuer, subject, at);
  }
  hasIdentity(username: string) {
    return this.users.hasIdentity(username);
  }
  listTeams() {
    return this.users.listTeams();
  }
  createTeam(team: Team) {
    return this.users.createTeam(team);
  }
  updateTeam(id: string, change: { name?: string; match?: string[] }) {
    return this.users.updateTeam(id, change);
  }
  deleteTeam(id: string) {
    return this.users.deleteTeam(id);
  }

  // The directory (migration 018): kysely-directory-store.ts; these pass through.
  private directoryStore: KyselyDirectoryStore | undefined;
  private get directory() {
    return (this.directoryStore ??= new KyselyDirectoryStore(this.db, (value) => this.historyDialect.lower(value)));
  }
  listDirectory() {
    return this.directory.listDirectory();
  }
  searchDirectory(search: DirectorySearch) {
    return this.directory.searchDirectory(search);
  }
  getDirectoryEntry(rawId: string) {
    return this.directory.getDirectoryEntry(rawId);
  }
  putDirectoryEntries(entries: readonly DirectoryEntry[]) {
    return this.directory.putDirectoryEntries(entries);
  }
  deleteDirectoryEntry(rawId: string) {
    return this.directory.deleteDirectoryEntry(rawId);
  }
  directoryTeamIds(rawIds: readonly string[]) {
    return this.directory.directoryTeamIds(rawIds);
  }

  async setSupervisorPassword(username: string, passwordHash: string) {
    await this.db.updateTable('supervisors').set({ password_hash: passwordHash }).where('username', '=', username).execute();
  }

  async createSession(session: SessionRecord) {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: session.tokenHash, username: session.username, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row
      ? { tokenHash: row.token_hash, username: row.username, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) }
      : null;
  }

  async deleteSession(tokenHash: string) {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: number) {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async claimStream(callId: string, instanceId: string, until: number) {
    await this.db.updateTable('calls').set({ owner_instance: instanceId, owner_lease_until: until }).where('id', '=', callId).execute();
  }

  async renewStreamLeases(instanceId: string, until: number) {
    // Every lease this instance holds is for a stream it has open (it gives a lease up when the stream closes).
    await this.db.updateTable('calls').set({ owner_lease_until: until }).where('owner_instance', '=', instanceId).execute();
  }

  async releaseStreams(callIds: readonly string[], instanceId: string) {
    const released: string[] = [];
    for (let start = 0; start < callIds.length; start += STREAMS_PER_STATEMENT) {
      const rows = await this.db
        .updateTable('calls')
        .set({ owner_instance: null, owner_lease_until: null })
        .where('id', 'in', callIds.slice(start, start + STREAMS_PER_STATEMENT))
        .where('owner_instance', '=', instanceId)
        .returning('id')
        .execute();
      for (const row of rows) released.push(row.id);
    }
    return released;
  }

  async listUnownedOpenCalls(now: number, limit: number) {
    const rows = await this.db
      .selectFrom('calls')
      .select(['id', 'lifecycle_managed', 'owner_instance'])
      .where('state', '!=', 'disconnected')
      .where((eb) => eb.or([eb('owner_lease_until', 'is', null), eb('owner_lease_until', '<', now)]))
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ callId: row.id, lifecycleManaged: row.lifecycle_managed !== 0, hadOwner: row.owner_instance !== null }));
  }

  async hasProcessedEvent(id: string) {
    const row = await this.db.selectFrom('processed_events').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async recordProcessedEvent(id: string, at: number) {
    const result = await this.db.insertInto('processed_events').values({ id, processed_at: at }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async deleteProcessedEventsBefore(at: number) {
    const result = await this.db.deleteFrom('processed_events').where('processed_at', '<', at).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getValue(key: string) {
    const row = await this.db.selectFrom('key_value').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async setValueIfAbsent(key: string, value: string) {
    await this.db.insertInto('key_value').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const stored = await this.getValue(key);
    if (stored === null) throw new Error(`key ${key} vanished after insert`);
    return stored;
  }

  // ------------------------------------------------------------ triage: rules and alerts (triage-store.ts)

  async listRules(): Promise<Rule[]> {
    const rows = await this.db.selectFrom('rules').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return this.readRows(rows, rowToRule);
  }

  async getRule(id: string): Promise<Rule | null> {
    const row = await this.db.selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.readRow(() => rowToRule(row)) : null;
  }

  async createRule(rule: Rule, maxRules = Number.POSITIVE_INFINITY): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await this.lockRules(trx);
      const row = await trx.selectFrom('rules').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      if (Number(row.count) >= maxRules) return false;
      await trx.insertInto('rules').values(ruleToRow(rule)).execute();
      return true;
    });
  }

  async replaceRule(rule: Rule): Promise<Rule | null> {
    const { definition_json, updated_at, updated_by } = ruleToRow(rule);
    const result = await this.db.updateTable('rules').set({ definition_json, updated_at, updated_by }).where('id', '=', rule.id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.getRule(rule.id);
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async addAlert(alert: Alert): Promise<void> {
    await this.db.insertInto('alerts').values(alertToRow(alert)).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  async addAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    // Chunks well under SQLite's bound on statement parameters (13 columns a row).
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < alerts.length; start += 100) {
        await trx.insertInto('alerts').values(alerts.slice(start, start + 100).map(alertToRow)).onConflict((oc) => oc.column('id').doNothing()).execute();
      }
    });
  }

  async getAlert(id: string): Promise<Alert | null> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.readRow(() => rowToAlert(row)) : null;
  }

  async listAlerts(query: AlertQuery): Promise<Alert[]> {
    let select = this.db.selectFrom('alerts').selectAll();
    if (query.state === 'open') select = select.where('state', '=', 'open');
    if (query.callId !== undefined) select = select.where('call_id', '=', query.callId);
    const scoped = teamScopeCondition(query.scope, sql.ref('alerts.call_id'));
    if (scoped !== null) select = select.where(scoped);
    const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return this.readRows(rows, rowToAlert);
  }

  async acknowledgeAlert(id: string, by: string, at: number): Promise<{ alert: Alert; changed: boolean } | null> {
    // One conditional UPDATE: whoever's statement finds the alert still open acknowledges it; the others change nothing.
    const result = await this.db
      .updateTable('alerts')
      .set({ state: 'acknowledged', acknowledged_by: by, acknowledged_at: at })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    const alert = await this.getAlert(id);
    return alert ? { alert, changed: Number(result.numUpdatedRows) > 0 } : null;
  }

  async countOpenAlerts(callId: string): Promise<OpenAlertCounts> {
    // One statement: counts per severity (FILTER works on SQLite and PostgreSQL alike) and the newest reason, both
    // read through (call_id, state, at).
    const row = await this.db
      .selectFrom('alerts')
      .where('call_id', '=', callId)
      .where('state', '=', 'open')
      .select((eb) => [
        eb.fn.countAll<number | string | bigint>().filterWhere('severity', '=', 'critical').as('critical'),
        eb.fn.countAll<number | string | bigint>().filterWhere('severity', '=', 'warning').as('warning'),
        eb.fn.countAll<number | string | bigint>().filterWhere('severity', '=', 'info').as('info'),
        eb
          .selectFrom('alerts as newest')
          .select('newest.reason')
          .where('newest.call_id', '=', callId)
          .where('newest.state', '=', 'open')
          .orderBy('newest.at', 'desc')
          .orderBy('newest.id', 'desc')
          .limit(1)
          .as('newest_reason'),
      ])
      .executeTakeFirstOrThrow();
    return { critical: Number(row.critical), warning: Number(row.warning), info: Number(row.info), newestReason: row.newest_reason ?? null };
  }

  async lastAlertTimes(callId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('alerts')
      .select((eb) => ['rule_id', eb.fn.max('at').as('last_at')])
      .where('call_id', '=', callId)
      .groupBy('rule_id')
      .execute();
    const times = new Map<string, number>();
    for (const row of rows) {
      const at = Number(row.last_at);
      if (Number.isFinite(at)) times.set(row.rule_id, at);
    }
    return times;
  }

  // ---- Full-text search (search-store.ts) -------------------------------------------------------------------------
  /** The page's rows (`limit + 1` of them at most, newest first) with their snippets: the dialect's index at work. */
  protected abstract matchLines(search: LineSearch): Promise<MatchedLineRow[]>;

  async searchLines(search: LineSearch) {
    return finishSearchPage(this.db, search, await this.matchLines(search), (rows) => this.readRows(rows, rowToCall));
  }

  async close() {
    await this.db.destroy();
  }

  protected readRow<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof CorruptRowError) this.log?.error({ table: error.table, rowId: error.rowId, column: error.column }, 'a stored row has an invalid value');
      throw error;
    }
  }

  /** A list skips a row it cannot read (loudly), so one corrupt call does not hide every other. */
  protected readRows<Row, T>(rows: Row[], read: (row: Row) => T): T[] {
    return rows.flatMap((row) => {
      try {
        return [this.readRow(() => read(row))];
      } catch (error) {
        if (error instanceof CorruptRowError) return [];
        throw error;
      }
    });
  }

  // ---- Alert webhook deliveries (DeliveryStore) -------------------------------------------------------------------
  /** Whether the database knows `FOR UPDATE SKIP LOCKED` (PostgreSQL does, SQLite has no row locks). */
  protected readonly skipLockedClaims: boolean = false;

  // The queue is these rows. A claim is one UPDATE whose WHERE re-checks that the row is pending, due and unclaimed
  // (or its lease ran out): SQLite runs one writer at a time, and PostgreSQL re-checks the WHERE on the row it waited
  // for, so of two instances claiming at once exactly one gets each row.

  async addDeliveries(deliveries: readonly NewDelivery[]) {
    if (deliveries.length === 0) return;
    await this.db
      .insertInto('alert_deliveries')
      .values(
        deliveries.map((delivery) => {
          const claim = claimOf(delivery);
          return {
            id: delivery.id,
            alert_id: delivery.alertId,
            target_url: delivery.targetUrl,
            format: delivery.format,
            body: delivery.body,
            state: delivery.state,
            attempts: claim ? 1 : 0,
            next_attempt_at: delivery.state === 'pending' ? delivery.createdAt : null,
            claimed_by: claim?.instanceId ?? null,
            claimed_until: claim?.until ?? null,
            last_attempt_at: claim ? delivery.createdAt : null,
            last_error: delivery.lastError,
            created_at: delivery.createdAt,
          };
        }),
      )
      .execute();
  }

  async claimDelivery(id: string, instanceId: string, now: number, leaseUntil: number) {
    const row = await this.db
      .updateTable('alert_deliveries')
      .set((eb) => ({ claimed_by: instanceId, claimed_until: leaseUntil, attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', '=', id)
      .where((eb) => claimable(eb, now))
      .returningAll()
      .executeTakeFirst();
    return row ? this.readRow(() => rowToDelivery(row)) : null;
  }

  async claimDueDeliveries(instanceId: string, now: number, leaseUntil: number, limit: number) {
    if (limit <= 0) return [];
    // The due ids are picked once, in a materialized CTE: PostgreSQL may re-run an `IN (SELECT … LIMIT n FOR UPDATE)`
    // subquery per row and so claim more than `limit`.
    const rows = await this.db
      .with(
        (cte) => cte('due').materialized(),
        (db) => {
          const due = db
            .selectFrom('alert_deliveries')
            .select('id')
            .where((eb) => claimable(eb, now))
            .orderBy('next_attempt_at', 'asc')
            .limit(limit);
          // PostgreSQL: pollers claiming at once pick disjoint rows instead of waiting on each other's.
          return this.skipLockedClaims ? due.forUpdate().skipLocked() : due;
        },
      )
      .updateTable('alert_deliveries')
      .set((eb) => ({ claimed_by: instanceId, claimed_until: leaseUntil, attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where((eb) => claimable(eb, now))
      .returningAll()
      .execute();
    return this.readRows(rows, rowToDelivery).sort((left, right) => (left.nextAttemptAt ?? 0) - (right.nextAttemptAt ?? 0));
  }

  async finishDeliveryAttempt(id: string, instanceId: string, result: DeliveryAttemptResult) {
    const outcome = await this.db
      .updateTable('alert_deliveries')
      .set({
        state: result.state,
        last_status: result.lastStatus,
        last_error: result.lastError,
        next_attempt_at: result.state === 'pending' ? result.nextAttemptAt : null,
        claimed_by: null,
        claimed_until: null,
      })
      .where('id', '=', id)
      .where('claimed_by', '=', instanceId)
      .executeTakeFirst();
    return Number(outcome.numUpdatedRows) > 0;
  }

  async listDeliveries(alertId: string) {
    const rows = await this.db.selectFrom('alert_deliveries').selectAll().where('alert_id', '=', alertId).orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return this.readRows(rows, rowToDelivery);
  }

  async countPendingDeliveries() {
    const row = await this.db
      .selectFrom('alert_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  // ---- Bookmarks and notes (AnnotationStore) ----------------------------------------------------------------------

  async addAnnotation(annotation: Annotation) {
    await this.db
      .insertInto('annotations')
      .values({
        id: annotation.id,
        call_id: annotation.callId,
        seq: annotation.seq,
        kind: annotation.kind,
        text: annotation.text,
        author: annotation.author,
        created_at: annotation.createdAt,
      })
      .execute();
  }

  async listAnnotations(callId: string, limit: number) {
    const rows = await this.db.selectFrom('annotations').selectAll().where('call_id', '=', callId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
    return this.readRows(rows, rowToAnnotation);
  }

  async countAnnotations(callId: string) {
    const row = await this.db.selectFrom('annotations').select((eb) => eb.fn.countAll<number>().as('count')).where('call_id', '=', callId).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async deleteAnnotation(callId: string, id: string, author: string): Promise<AnnotationDeletion> {
    const result = await this.db.deleteFrom('annotations').where('id', '=', id).where('call_id', '=', callId).where('author', '=', author).executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) return 'deleted';
    const other = await this.db.selectFrom('annotations').select('id').where('id', '=', id).where('call_id', '=', callId).executeTakeFirst();
    return other ? 'not_author' : 'not_found';
  }
}

/** The claim a new delivery is stored with: only a pending one its instance sends at once has one. */
function claimOf(delivery: NewDelivery): NewDelivery['claim'] | null {
  return delivery.state === 'pending' ? (delivery.claim ?? null) : null;
}

/** A delivery this instance may take now: pending, due, and nobody's lease running. */
function claimable(eb: ExpressionBuilder<Database, 'alert_deliveries'>, now: number) {
  return eb.and([
    eb('state', '=', 'pending'),
    eb('next_attempt_at', '<=', now),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]),
  ]);
}

function rowToRinging(row: Selectable<RingingCallsTable>): RingingCallRecord {
  return {
    id: row.id,
    incomingCallContext: row.incoming_call_context,
    fromRawId: row.from_raw_id,
    toRawId: row.to_raw_id,
    callerDisplayName: row.caller_display_name,
    receivedAt: Number(row.received_at),
    expiresAt: Number(row.expires_at),
  };
}

/** Calls per statement when giving up stream leases. */
const STREAMS_PER_STATEMENT = 500;

/** Rows per statement when recording many looks: well inside both databases' limits on bound parameters. */
const LOOKS_PER_STATEMENT = 200;

async function readCallLook(db: Kysely<Database>, username: string, callId: string): Promise<CallLook | null> {
  const row = await db.selectFrom('call_looks').selectAll().where('username', '=', username).where('call_id', '=', callId).executeTakeFirst();
  return row ? { username: row.username, callId: row.call_id, lastSeq: Number(row.last_seq), lookedAt: Number(row.looked_at) } : null;
}
