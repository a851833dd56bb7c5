/**
 * The two webhooks ACS calls: call-automation callbacks (JWT-authenticated CloudEvents) and the Event Grid
 * subscription that delivers incoming calls (authenticated by a secret in the webhook URL). Route handlers in
 * app/api/acs/ are thin wrappers around these, so the same code runs in tests without Next.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ControlAction, OperationFailure, PendingOperation } from '../../lib/protocol';
import { takePending } from '../calls/operations';
import type { IncomingCallEvent } from '../calls/ringing-calls';
import type { CallService } from '../calls/call-service';
import type { AcsJwtVerifier } from '../ingress/jwt-verifier';
import { speakerFromRawId } from '../domain/speaker';
import type { Logger } from '../log';
import type { CallRecord } from '../domain/call-record';
import { EventGridEventSchema, IncomingCallDataSchema, parseCallbackEvents, SubscriptionValidationDataSchema, type CallbackEventData, type CallbackEventType } from './callback-events';

export interface WebhookResponse {
  status: number;
  body: unknown;
}

/** ACS retries a callback for at most a day; ids are kept a week. */
const PROCESSED_EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_INTERVAL_MS = 3_600_000;

/** Where applied event ids live: in the store, so a retry is recognised on any instance and after a restart. */
export interface ProcessedEvents {
  hasProcessedEvent(id: string): Promise<boolean>;
  recordProcessedEvent(id: string, at: number): Promise<boolean>;
  deleteProcessedEventsBefore(at: number): Promise<number>;
}

export interface AcsWebhooksOptions {
  calls: CallService;
  verify: AcsJwtVerifier;
  eventGridSecret: string;
  onIncomingCall: (event: IncomingCallEvent) => Promise<void>;
  processedEvents: ProcessedEvents;
  log: Logger;
  now?: () => number;
}

export class AcsWebhooks {
  /** Events being applied on this instance: a retry racing the first delivery waits for it instead of applying twice. */
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly options: AcsWebhooksOptions) {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  close() {
    clearInterval(this.pruneTimer);
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async handleCallback(authorization: string | undefined, rawBody: string): Promise<WebhookResponse> {
    const check = await this.options.verify(authorization);
    if (!check.ok) {
      this.options.log.warn({ reason: check.reason }, 'refused a callback');
      return { status: check.status, body: { error: { code: check.reason, message: 'Callback token rejected.' } } };
    }
    const parsed = parseCallbackEvents(parseJson(rawBody));
    if (!parsed.ok) return { status: 400, body: { error: { code: 'invalid_request', message: parsed.message } } };
    let applied = 0;
    for (const event of parsed.events) {
      if (!event.known) {
        this.options.log.debug({ type: event.type }, 'ignored a callback event type Earshot does not use');
        continue;
      }
      try {
        if (await this.applyOnce(event.id, () => this.apply(event.type, event.data, event.time, event.id))) applied += 1;
      } catch (error) {
        // Not marked as processed: ACS retries on a 5xx, and the retry applies it. Earlier events of the batch stay applied.
        this.options.log.error({ err: error, eventId: event.id, type: event.type }, 'could not apply a callback; ACS will retry it');
        return { status: 500, body: { error: { code: 'internal', message: 'The callback could not be applied; retry it.' } } };
      }
    }
    return { status: 200, body: { received: parsed.events.length, applied, invalid: parsed.invalid } };
  }

  async handleEventGrid(secret: string | null, rawBody: string): Promise<WebhookResponse> {
    if (!secret || !safeEqual(secret, this.options.eventGridSecret)) {
      this.options.log.warn('refused an Event Grid delivery with a wrong or missing secret');
      return { status: 401, body: { error: { code: 'unauthorized', message: 'Missing or wrong webhook secret.' } } };
    }
    const body = parseJson(rawBody);
    if (!Array.isArray(body)) return { status: 400, body: { error: { code: 'invalid_request', message: 'expected an Event Grid event array' } } };
    let answered = 0;
    for (const item of body) {
      const event = EventGridEventSchema.safeParse(item);
      if (!event.success) continue;
      if (event.data.eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent') {
        const data = SubscriptionValidationDataSchema.safeParse(event.data.data);
        if (!data.success) return { status: 400, body: { error: { code: 'invalid_request', message: 'validation event without validationCode' } } };
        return { status: 200, body: { validationResponse: data.data.validationCode } };
      }
      if (event.data.eventType !== 'Microsoft.Communication.IncomingCall') continue;
      const data = IncomingCallDataSchema.safeParse(event.data.data);
      if (!data.success) continue;
      // Claimed in the store before it is handled: only one instance answers an incoming call, once.
      if (!(await this.options.processedEvents.recordProcessedEvent(event.data.id, this.now()))) continue;
      answered += 1;
      // Handle it after replying: Event Grid wants a quick 200; the call appears once it is answered.
      void this.options
        .onIncomingCall({
          id: event.data.id,
          incomingCallContext: data.data.incomingCallContext,
          fromRawId: data.data.from?.rawId ?? null,
          toRawId: data.data.to?.rawId ?? null,
          callerDisplayName: data.data.callerDisplayName ?? null,
        })
        .catch((error: unknown) => this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not handle an incoming call'));
    }
    return { status: 200, body: { accepted: answered } };
  }

  private async apply(type: CallbackEventType, data: CallbackEventData, time: number, eventId: string) {
    const calls = this.options.calls;
    const callId = data.callConnectionId;
    const context = data.operationContext ?? null;
    const failure = (action: OperationFailure['action']): OperationFailure => ({
      action,
      code: String(data.resultInformation?.subCode ?? data.resultInformation?.code ?? 'unknown'),
      message: data.resultInformation?.message ?? data.transcriptionUpdate?.transcriptionStatusDetails ?? 'ACS reported a failure.',
      at: time,
    });
    // Applies the event to the call and settles the operation it confirms; returns that operation.
    const settle = async (actions: readonly ControlAction[], change: (record: CallRecord, settled: PendingOperation | null) => void, outcome: 'confirmed' | 'failed' = 'confirmed') => {
      // A holder object, because TypeScript does not track assignments made inside the callback.
      const result: { settled: PendingOperation | null } = { settled: null };
      await calls.updateCall(
        callId,
        (record) => {
          record.lifecycleManaged = true;
          result.settled = takePending(record, actions, context);
          change(record, result.settled);
        },
        { createIfMissing: true },
      );
      const operation = result.settled;
      if (operation !== null) {
        await calls.addAudit({
          id: eventId,
          callId,
          at: time,
          actor: 'acs',
          action: operation.action,
          operationContext: operation.operationContext,
          outcome,
          detail: outcome === 'failed' ? `${failure(operation.action).code}: ${failure(operation.action).message}` : type,
        });
      }
      return operation;
    };
    switch (type) {
      case 'CallConnected':
        await settle(['place-call', 'answer-call', 'connect-call'], (record) => {
          record.state = 'connected';
          record.endedAt = null;
          record.serverCallId = data.serverCallId ?? record.serverCallId;
          record.metadata.correlationId = data.correlationId ?? record.metadata.correlationId;
        });
        return;
      case 'CallDisconnected':
        await settle(['hang-up'], (record) => {
          record.state = 'disconnected';
          record.endedAt = record.endedAt ?? time;
          record.pending = [];
          if (['active', 'starting', 'stopping'].includes(record.transcription)) record.transcription = 'stopped';
        });
        return;
      case 'CreateCallFailed':
      case 'AnswerFailed':
      case 'ConnectFailed':
        await settle(
          ['place-call', 'answer-call', 'connect-call'],
          (record, settled) => {
            record.state = 'disconnected';
            record.endedAt = record.endedAt ?? time;
            record.transcription = record.transcription === 'starting' ? 'failed' : record.transcription;
            record.lastError = failure(settled?.action ?? 'place-call');
          },
          'failed',
        );
        return;
      case 'ParticipantsUpdated':
        await settle([], (record) => mergeParticipants(record, data));
        return;
      case 'TranscriptionStarted':
      case 'TranscriptionResumed':
        await settle(['start-transcription'], (record, settled) => {
          // A start confirmed after a stop was requested (or already confirmed) is old news: the stop stands.
          const stopRequested = record.pending.some((operation) => operation.action === 'stop-transcription');
          if (!stopRequested && record.transcription !== 'stopped') record.transcription = 'active';
          record.locale = settled?.locale ?? data.transcriptionUpdate?.locale ?? data.locale ?? record.locale;
          if (settled) record.lastError = null;
        });
        return;
      case 'TranscriptionUpdated':
        await settle(['update-transcription'], (record, settled) => {
          record.transcription = 'active';
          record.locale = settled?.locale ?? data.transcriptionUpdate?.locale ?? data.locale ?? record.locale;
          if (settled) record.lastError = null;
        });
        return;
      case 'TranscriptionStopped':
        await settle(['stop-transcription'], (record, settled) => {
          record.transcription = 'stopped';
          if (settled) record.lastError = null;
        });
        return;
      case 'TranscriptionFailed':
        await settle(
          ['start-transcription', 'update-transcription', 'stop-transcription'],
          (record, settled) => {
            record.transcription = 'failed';
            record.lastError = failure(settled?.action ?? 'transcription');
          },
          'failed',
        );
        // Applied once (the event id is recorded), on whichever instance ACS reached: the rule engine hears it once.
        calls.transcriptionLost(callId, 'failed');
        return;
      case 'TranscriptionCallSummaryUpdated': {
        const text = data.transcriptionUpdate?.transcriptionMessage ?? data.transcriptionUpdate?.message;
        if (!text || data.transcriptionUpdate?.transcriptionStatusDetails === 'callSummaryFailure') {
          // A failed summary still settles the request, so the dashboard stops waiting and shows why.
          await settle(['summarize'], (record) => {
            record.lastError = failure('summarize');
          }, 'failed');
          return;
        }
        // A summary Earshot asked for settles that request; one nobody asked for is the end-of-call summary.
        const requested = await settle(['summarize'], () => undefined);
        await calls.addSummary({
          id: eventId,
          callId,
          kind: requested ? 'mid-call' : 'end-of-call',
          text,
          locale: data.transcriptionUpdate?.locale ?? data.locale ?? null,
          operationContext: context,
          createdAt: time,
        });
        return;
      }
      default: {
        const unreachable: never = type;
        throw new Error(`unhandled callback ${String(unreachable)}`);
      }
    }
  }

  /**
   * Applies an event unless it was applied before, and records its id only once its effects are stored (each
   * CallService update resolves after its write): a failure leaves it unrecorded, so ACS's retry applies it.
   * Returns whether it was applied now.
   */
  private async applyOnce(eventId: string, apply: () => Promise<void>): Promise<boolean> {
    const running = this.inFlight.get(eventId);
    if (running) {
      await running;
      return false;
    }
    // In flight from here on, before the first await: a copy arriving while the store is asked waits for this one.
    const work = (async () => {
      if (await this.options.processedEvents.hasProcessedEvent(eventId)) return false;
      await apply();
      await this.options.processedEvents.recordProcessedEvent(eventId, this.now());
      return true;
    })();
    this.inFlight.set(eventId, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(eventId);
    }
  }

  private async prune() {
    try {
      await this.options.processedEvents.deleteProcessedEventsBefore(this.now() - PROCESSED_EVENT_RETENTION_MS);
    } catch (error) {
      this.options.log.warn({ err: error }, 'could not prune processed event ids');
    }
  }
}

function mergeParticipants(record: CallRecord, data: CallbackEventData) {
  const rawIds = (data.participants ?? []).flatMap((participant) => (participant.identifier?.rawId ? [participant.identifier.rawId] : []));
  if (rawIds.length === 0) return;
  const byId = new Map(record.participants.map((participant) => [participant.rawId, participant]));
  record.participants = rawIds.map((rawId) => byId.get(rawId) ?? speakerFromRawId(rawId));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
