/**
 * Supervisor actions on calls. Each one checks the call's state, is written to the audit trail, marks the call
 * pending, and goes to ACS through the adapter; ACS's confirming callback (see acs-webhooks) settles it. A
 * failure is reported to the caller with ACS's code and message and recorded; nothing stored is lost.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AnswerCallRequestSchema,
  ConnectCallRequestSchema,
  HangUpRequestSchema,
  PlaceCallRequestSchema,
  StartTranscriptionRequestSchema,
  StopTranscriptionRequestSchema,
  SummarizeRequestSchema,
  UpdateTranscriptionRequestSchema,
  type ControlAccepted,
  type ControlAction,
  type TranscriptionRequestOptions,
  type TranscriptionState,
} from '../../lib/protocol';
import { AcsOperationError } from '../acs/acs-operation-error';
import type { AcsCallAutomation, ConnectedCall, TranscriptionSettings } from '../acs/call-automation';
import { speakerFromRawId } from '../domain/speaker';
import type { Logger } from '../log';
import { decideControl, type CallOperation } from '../../lib/control-rules';
import type { CallRecord } from '../domain/call-record';
import type { CallService } from './call-service';
import { addPending, takePending } from './operations';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/**
 * Next bundles route handlers into their own module graph, so an error thrown by the runtime is an instance of
 * another copy of ControlError there: recognise it by shape, not by `instanceof`.
 */
export function isControlError(error: unknown): error is ControlError {
  return (
    error instanceof Error &&
    error.name === 'ControlError' &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

type Mutable = (record: CallRecord) => void;

export class CallControl {
  constructor(
    private readonly calls: CallService,
    private readonly acs: () => AcsCallAutomation,
    private readonly defaultTranscription: TranscriptionRequestOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async placeCall(actor: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(PlaceCallRequestSchema, body);
    const operationContext = request.operationContext ?? newContext('place-call');
    const target = request.target.kind === 'phoneNumber' ? request.target.phoneNumber : request.target.communicationUserId;
    const call = await this.acsCall('place-call', () =>
      this.acs().createCall(request.target, settings(request.transcription), { sourcePhoneNumber: request.sourcePhoneNumber, operationContext }),
    );
    await this.registerNewCall(call, actor, 'place-call', operationContext, request.transcription, `to ${target}`, null, request.teamId);
    return { callId: call.callConnectionId, operationContext };
  }

  async connectCall(actor: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(ConnectCallRequestSchema, body);
    const operationContext = request.operationContext ?? newContext('connect-call');
    const call = await this.acsCall('connect-call', () => this.acs().connectCall(request.locator, settings(request.transcription), operationContext));
    await this.registerNewCall(call, actor, 'connect-call', operationContext, request.transcription, `${request.locator.kind} ${request.locator.id}`, null, request.teamId);
    return { callId: call.callConnectionId, operationContext };
  }

  /** Answers an incoming call (from Event Grid) with the given or the default transcription options. */
  async answerIncoming(actor: string, incomingCallContext: string, fromRawId: string | null, body: unknown): Promise<ControlAccepted> {
    const request = parse(AnswerCallRequestSchema, body);
    const transcription = request.transcription ?? this.defaultTranscription;
    const operationContext = request.operationContext ?? newContext('answer-call');
    const call = await this.acsCall('answer-call', () => this.acs().answerCall(incomingCallContext, settings(transcription), operationContext));
    await this.registerNewCall(call, actor, 'answer-call', operationContext, transcription, fromRawId ? `from ${speakerFromRawId(fromRawId).label}` : 'incoming call', fromRawId, request.teamId);
    return { callId: call.callConnectionId, operationContext };
  }

  async startTranscription(actor: string, callId: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(StartTranscriptionRequestSchema, body);
    return this.act(actor, callId, 'start-transcription', request.operationContext, {
      locale: request.locale ?? null,
      transition: 'starting',
      detail: request.locale ? `locale ${request.locale}` : null,
      send: (context, record) =>
        this.acs().startTranscription(callId, {
          locale: request.locale,
          operationContext: context,
          speechModelEndpointId: request.speechModelEndpointId,
          preview: {
            ...(record.metadata.sentimentAnalysis !== null ? { enableSentimentAnalysis: record.metadata.sentimentAnalysis } : {}),
            ...(record.metadata.piiRedaction?.enabled ? { piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' as const } } : {}),
            ...(record.metadata.locales.length > 0 && !request.locale ? { locales: record.metadata.locales } : {}),
          },
        }),
    });
  }

  async stopTranscription(actor: string, callId: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(StopTranscriptionRequestSchema, body);
    return this.act(actor, callId, 'stop-transcription', request.operationContext, {
      locale: null,
      transition: 'stopping',
      detail: null,
      send: (context) => this.acs().stopTranscription(callId, context),
    });
  }

  async updateTranscription(actor: string, callId: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(UpdateTranscriptionRequestSchema, body);
    return this.act(actor, callId, 'update-transcription', request.operationContext, {
      locale: request.locale,
      transition: null,
      detail: `to ${request.locale}`,
      send: (context) => this.acs().updateTranscription(callId, request.locale, { operationContext: context, speechModelEndpointId: request.speechModelEndpointId }),
    });
  }

  async summarize(actor: string, callId: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(SummarizeRequestSchema, body);
    return this.act(actor, callId, 'summarize', request.operationContext, {
      locale: request.locale ?? null,
      transition: null,
      detail: null,
      send: (context, record) => this.acs().summarizeCall(callId, { operationContext: context, locale: request.locale ?? record.locale ?? undefined }),
    });
  }

  async hangUp(actor: string, callId: string, body: unknown): Promise<ControlAccepted> {
    const request = parse(HangUpRequestSchema, body);
    return this.act(actor, callId, 'hang-up', request.operationContext, {
      locale: null,
      transition: null,
      detail: request.forEveryone ? 'for everyone' : 'Earshot only',
      send: async (context) => {
        await this.acs().hangUp(callId, request.forEveryone);
        // Leaving the call (not ending it for everyone) sends no CallDisconnected to us: settle it here.
        if (!request.forEveryone) await this.settle(callId, 'hang-up', context, (record) => {
          record.state = 'disconnected';
          record.endedAt = this.now();
        });
      },
    });
  }

  private async act(
    actor: string,
    callId: string,
    action: CallOperation,
    requestedContext: string | undefined,
    step: {
      locale: string | null;
      transition: TranscriptionState | null;
      detail: string | null;
      send: (operationContext: string, record: CallRecord) => Promise<void>;
    },
  ): Promise<ControlAccepted> {
    const operationContext = requestedContext ?? newContext(action);
    const revert = (record: CallRecord) => {
      if (takePending(record, [action], operationContext) === null) return;
      if (step.transition && record.transcription === step.transition && seen.previousTranscription !== null) record.transcription = seen.previousTranscription;
    };
    // A holder object, because TypeScript does not track assignments made inside the callback.
    const seen: { snapshot: CallRecord | null; previousTranscription: TranscriptionState | null; refusal: string | null } = { snapshot: null, previousTranscription: null, refusal: null };
    let detail;
    try {
      detail = await this.calls.updateCall(callId, (record) => {
        // The same rule the dashboard uses to enable its controls (lib/control-rules.ts).
        const decision = decideControl(action, { state: record.state, transcription: record.transcription, pendingActions: record.pending.map((operation) => operation.action) });
        if (!decision.allowed) {
          seen.refusal = decision.reason;
          return;
        }
        seen.previousTranscription = record.transcription;
        addPending(record, { action, operationContext, requestedAt: this.now(), requestedBy: actor, locale: step.locale });
        if (step.transition) record.transcription = step.transition;
        seen.snapshot = structuredClone(record);
      });
    } catch (error) {
      throw await this.storeRefused(callId, action, error, (record) => revert(record));
    }
    if (detail === null) throw new ControlError(404, 'not_found', `No call ${callId}.`);
    const { snapshot } = seen;
    if (snapshot === null) throw new ControlError(409, 'invalid_state', seen.refusal ?? 'Not possible in the call\'s state.');
    try {
      await this.audit(callId, actor, action, operationContext, 'requested', step.detail);
    } catch (error) {
      throw await this.storeRefused(callId, action, error, (record) => revert(record));
    }
    try {
      await step.send(operationContext, snapshot);
    } catch (error) {
      const failure = error instanceof AcsOperationError ? error : new AcsOperationError(action, 502, 'acs_error', String(error));
      await this.calls.updateCall(callId, (record) => {
        revert(record);
        record.lastError = { action, code: failure.code, message: failure.message, at: this.now() };
      });
      await this.audit(callId, actor, action, operationContext, 'failed', `${failure.code}: ${failure.message}`);
      this.log.warn({ callId, action, status: failure.status, code: failure.code }, 'ACS refused an operation');
      throw new ControlError(failure.status, failure.code, failure.message);
    }
    return { callId, operationContext };
  }

  /**
   * The store could not record the request, so it is not sent to ACS: take it off the call again (in memory; the
   * store catches up when it is back) and tell the supervisor to retry.
   */
  private async storeRefused(callId: string, action: ControlAction, error: unknown, revert: (record: CallRecord) => void): Promise<ControlError> {
    this.log.error({ err: error, callId, action }, 'could not record a control request; not sent to ACS');
    await this.calls.updateCall(callId, revert).catch(() => undefined);
    return new ControlError(503, 'store_unavailable', 'Earshot could not record the request because its database is not accepting writes. Nothing was sent to ACS; try again shortly.');
  }

  /** Marks a pending operation done without an ACS event (used where ACS sends none). */
  private async settle(callId: string, action: ControlAction, operationContext: string, change: Mutable) {
    await this.calls.updateCall(callId, (record) => {
      takePending(record, [action], operationContext);
      change(record);
    });
    await this.audit(callId, 'acs', action, operationContext, 'confirmed', null);
  }

  private async registerNewCall(
    call: ConnectedCall,
    actor: string,
    action: ControlAction,
    operationContext: string,
    transcription: TranscriptionRequestOptions,
    detail: string,
    participantRawId: string | null = null,
    /** Checked by the route (one of the asker's teams): server/http/control-route.ts. */
    teamId?: string,
  ) {
    const alreadyConnected = { value: false };
    await this.audit(call.callConnectionId, actor, action, operationContext, 'requested', detail);
    await this.calls.updateCall(
      call.callConnectionId,
      (record) => {
        record.lifecycleManaged = true;
        if (teamId !== undefined) record.assignedTeamId = teamId;
        record.serverCallId = call.serverCallId ?? record.serverCallId;
        record.metadata.correlationId = call.correlationId ?? record.metadata.correlationId;
        record.locale = record.locale ?? transcription.locale;
        if (transcription.startImmediately && record.transcription === 'inactive') record.transcription = 'starting';
        if (participantRawId && !record.participants.some((participant) => participant.rawId === participantRawId)) {
          record.participants = [...record.participants, speakerFromRawId(participantRawId)];
        }
        // CallConnected may have arrived before ACS answered this request: then it is confirmed already.
        alreadyConnected.value = record.state === 'connected';
        if (!alreadyConnected.value) {
          addPending(record, { action, operationContext, requestedAt: this.now(), requestedBy: actor, locale: transcription.locale });
        }
      },
      { createIfMissing: true, initialState: 'connecting' },
    );
    if (alreadyConnected.value) await this.audit(call.callConnectionId, 'acs', action, operationContext, 'confirmed', 'CallConnected');
  }

  private async acsCall<T>(action: ControlAction, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const failure = error instanceof AcsOperationError ? error : new AcsOperationError(action, 502, 'acs_error', String(error));
      this.log.warn({ action, status: failure.status, code: failure.code }, 'ACS refused an operation');
      throw new ControlError(failure.status, failure.code, failure.message);
    }
  }

  private audit(callId: string, actor: string, action: ControlAction, operationContext: string | null, outcome: 'requested' | 'confirmed' | 'failed', detail: string | null) {
    return this.calls.addAudit({ id: randomUUID(), callId, at: this.now(), actor, action, operationContext, outcome, detail });
  }
}

/** Throws the 400 that `answerIncoming` would for this body, before anything is taken or sent. */
export function checkAnswerRequest(body: unknown): void {
  parse(AnswerCallRequestSchema, body);
}

function newContext(action: ControlAction): string {
  return `earshot:${action}:${randomUUID()}`;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new ControlError(400, 'invalid_request', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

export function settings(options: TranscriptionRequestOptions): TranscriptionSettings {
  return {
    locale: options.locale,
    locales: options.locales,
    sentimentAnalysis: options.sentimentAnalysis,
    piiRedaction: options.piiRedaction,
    intermediateResults: options.intermediateResults,
    endCallSummary: options.endCallSummary,
    startImmediately: options.startImmediately,
    speechModelEndpointId: options.speechModelEndpointId,
  };
}
