/**
 * The two webhooks ACS calls: call-automation callbacks (JWT-authenticated CloudEvents) and the Event Grid
 * subscription that delivers incoming calls (authenticated by a secret in the webhook URL). Route handlers in
 * app/api/acs/ are thin wrappers around these, so the same code runs in tests without Next.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { TranscriptionState } from '../../lib/protocol';
import type { CallService } from '../calls/call-service';
import type { AcsJwtVerifier } from '../ingress/jwt-verifier';
import { speakerFromRawId } from '../ingress/normalize-segment';
import type { Logger } from '../log';
import type { CallRecord } from '../store/call-store';
import { AcsOperationError } from './acs-operation-error';
import type { AcsCallAutomation, TranscriptionSettings } from './call-automation';
import { EventGridEventSchema, IncomingCallDataSchema, parseCallbackEvents, SubscriptionValidationDataSchema, type CallbackEventData, type CallbackEventType } from './callback-events';

export interface WebhookResponse {
  status: number;
  body: unknown;
}

const SEEN_EVENT_LIMIT = 20_000;
/** Earshot tags the summaries it asks for, so an untagged summary is the end-of-call one. */
export const SUMMARY_CONTEXT_PREFIX = 'earshot-summary:';

export interface AcsWebhooksOptions {
  calls: CallService;
  verify: AcsJwtVerifier;
  acs: () => AcsCallAutomation;
  eventGridSecret: string;
  autoAnswer: boolean;
  defaultTranscription: TranscriptionSettings;
  log: Logger;
}

export class AcsWebhooks {
  private readonly seen = new Set<string>();

  constructor(private readonly options: AcsWebhooksOptions) {}

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
      if (this.seen.has(event.id)) continue;
      this.remember(event.id);
      if (!event.known) {
        this.options.log.debug({ type: event.type }, 'ignored a callback event type Earshot does not use');
        continue;
      }
      await this.apply(event.type, event.data, event.time, event.id);
      applied += 1;
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
      if (this.seen.has(event.data.id)) continue;
      this.remember(event.data.id);
      if (!this.options.autoAnswer) continue;
      answered += 1;
      // Answer after replying: Event Grid wants a quick 200, and the call appears once CallConnected arrives.
      void this.answer(data.data.incomingCallContext, data.data.from?.rawId);
    }
    return { status: 200, body: { answering: answered } };
  }

  private async answer(incomingCallContext: string, from: string | undefined) {
    try {
      const call = await this.options.acs().answerCall(incomingCallContext, this.options.defaultTranscription, `earshot-answer:${randomUUID()}`);
      await this.options.calls.updateCall(
        call.callConnectionId,
        (record) => {
          record.lifecycleManaged = true;
          record.serverCallId = call.serverCallId ?? record.serverCallId;
          record.metadata.correlationId = call.correlationId ?? record.metadata.correlationId;
          record.locale = record.locale ?? this.options.defaultTranscription.locale;
          if (record.transcription === 'inactive') record.transcription = 'starting';
          if (from && !record.participants.some((participant) => participant.rawId === from)) record.participants = [...record.participants, speakerFromRawId(from)];
        },
        { createIfMissing: true, initialState: 'connecting' },
      );
      this.options.log.info({ callId: call.callConnectionId }, 'answered an incoming call');
    } catch (error) {
      const detail = error instanceof AcsOperationError ? { status: error.status, code: error.code } : {};
      this.options.log.warn({ ...detail, err: error instanceof Error ? error.message : String(error) }, 'could not answer an incoming call');
    }
  }

  private async apply(type: CallbackEventType, data: CallbackEventData, time: number, eventId: string) {
    const calls = this.options.calls;
    const callId = data.callConnectionId;
    const setTranscription = (state: TranscriptionState, locale?: string) =>
      calls.updateCall(
        callId,
        (record) => {
          record.lifecycleManaged = true;
          record.transcription = state;
          if (locale) record.locale = locale;
        },
        { createIfMissing: true },
      );
    switch (type) {
      case 'CallConnected':
        await calls.updateCall(
          callId,
          (record) => {
            record.lifecycleManaged = true;
            record.state = 'connected';
            record.endedAt = null;
            record.serverCallId = data.serverCallId ?? record.serverCallId;
            record.metadata.correlationId = data.correlationId ?? record.metadata.correlationId;
          },
          { createIfMissing: true },
        );
        return;
      case 'CallDisconnected':
      case 'CreateCallFailed':
      case 'AnswerFailed':
      case 'ConnectFailed':
        await calls.updateCall(
          callId,
          (record) => {
            record.lifecycleManaged = true;
            record.state = 'disconnected';
            record.endedAt = record.endedAt ?? time;
            if (record.transcription === 'active' || record.transcription === 'starting' || record.transcription === 'stopping') record.transcription = 'stopped';
          },
          { createIfMissing: true },
        );
        return;
      case 'ParticipantsUpdated':
        await calls.updateCall(
          callId,
          (record) => {
            record.lifecycleManaged = true;
            mergeParticipants(record, data);
          },
          { createIfMissing: true },
        );
        return;
      case 'TranscriptionStarted':
      case 'TranscriptionResumed':
        await setTranscription('active', data.transcriptionUpdate?.locale ?? data.locale);
        return;
      case 'TranscriptionUpdated':
        await setTranscription('active', data.transcriptionUpdate?.locale ?? data.locale);
        return;
      case 'TranscriptionStopped':
        await setTranscription('stopped');
        return;
      case 'TranscriptionFailed':
        await setTranscription('failed');
        return;
      case 'TranscriptionCallSummaryUpdated': {
        const text = data.transcriptionUpdate?.transcriptionMessage ?? data.transcriptionUpdate?.message;
        if (!text) return;
        const requested = data.operationContext?.startsWith(SUMMARY_CONTEXT_PREFIX) ?? false;
        const known = await calls.getCall(callId);
        if (!known) return;
        await calls.addSummary({
          id: eventId,
          callId,
          kind: requested ? 'mid-call' : 'end-of-call',
          text,
          locale: data.transcriptionUpdate?.locale ?? data.locale ?? null,
          operationContext: data.operationContext ?? null,
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

  private remember(id: string) {
    if (this.seen.size >= SEEN_EVENT_LIMIT) {
      // Sets iterate in insertion order: dropping the oldest keeps recent duplicates detectable.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(id);
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
