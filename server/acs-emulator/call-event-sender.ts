/**
 * Turns what happened on a call into the callback event ACS would send, and queues it for delivery. Knows where each
 * event goes (the call's `callbackUri`, or the operation's `operationCallbackUri`) and what it echoes (the setup
 * operationContext for call events, the operation's own for operation events).
 */
import { buildCloudEvent, RESULTS, type CallEventPayload, type ResultInformation, type TranscriptionUpdate } from './call-events';
import type { CallRecord, OperationTarget } from './call-registry';
import type { CallbackDispatcher } from './callback-dispatcher';
import { wireIdentifier } from './identifiers';
import { formatSummary, summarizeConversation } from './language/index';

type TranscriptionEventType = 'TranscriptionStarted' | 'TranscriptionStopped' | 'TranscriptionUpdated' | 'TranscriptionFailed' | 'TranscriptionResumed';

/** Every transcription outcome the emulator reports: event type, status pair and default result. */
export const TRANSCRIPTION_OUTCOMES = {
  started: { type: 'TranscriptionStarted', update: { transcriptionStatus: 'transcriptionStarted', transcriptionStatusDetails: 'subscriptionStarted' }, result: RESULTS.transcriptionStarted },
  stopped: { type: 'TranscriptionStopped', update: { transcriptionStatus: 'transcriptionStopped', transcriptionStatusDetails: 'subscriptionStopped' }, result: RESULTS.transcriptionStopped },
  updated: { type: 'TranscriptionUpdated', update: { transcriptionStatus: 'transcriptionUpdated', transcriptionStatusDetails: 'transcriptionLocaleUpdated' }, result: RESULTS.transcriptionUpdated },
  resumed: {
    type: 'TranscriptionResumed',
    update: { transcriptionStatus: 'transcriptionResumed', transcriptionStatusDetails: 'streamConnectionReestablished' },
    result: RESULTS.transcriptionResumed,
  },
  transportUnreachable: {
    type: 'TranscriptionFailed',
    update: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'streamConnectionUnsuccessful' },
    result: RESULTS.transportUnreachable,
  },
  transportMissing: {
    type: 'TranscriptionFailed',
    update: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'streamUrlMissing' },
    result: RESULTS.transportMissing,
  },
  streamInterrupted: {
    type: 'TranscriptionFailed',
    update: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'streamConnectionInterrupted' },
    result: RESULTS.streamInterrupted,
  },
  /** An operation that failed (an injected async fault); the result comes from the fault. */
  operationFailed: {
    type: 'TranscriptionFailed',
    update: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'unspecifiedError' },
    result: { code: 500, subCode: 8500, message: 'The transcription operation failed.' },
  },
} as const satisfies Record<string, { type: TranscriptionEventType; update: TranscriptionUpdate; result: ResultInformation }>;

export type TranscriptionOutcome = keyof typeof TRANSCRIPTION_OUTCOMES;

export class CallEventSender {
  private closed = false;

  constructor(private readonly dispatcher: CallbackDispatcher) {}

  close(): void {
    this.closed = true;
  }

  /** A call-level event: echoes the setup operationContext and goes to the call's callbackUri. */
  call(call: CallRecord, type: 'CallConnected' | 'CallDisconnected' | 'CreateCallFailed' | 'AnswerFailed' | 'ConnectFailed', result: ResultInformation): void {
    this.send(call, { type }, undefined, result);
  }

  participants(call: CallRecord): void {
    call.participantsSequence += 1;
    this.send(
      call,
      {
        type: 'ParticipantsUpdated',
        participants: call.participants.map((participant) => ({
          identifier: wireIdentifier(participant.rawId),
          isMuted: participant.isMuted,
          isOnHold: participant.isOnHold,
        })),
        sequenceNumber: call.participantsSequence,
      },
      undefined,
      RESULTS.participantsUpdated,
    );
  }

  transcription(call: CallRecord, target: OperationTarget, outcome: TranscriptionOutcome, result?: ResultInformation): void {
    const { type, update, result: defaultResult } = TRANSCRIPTION_OUTCOMES[outcome];
    this.send(call, { type, transcriptionUpdate: { ...update } }, target, result ?? defaultResult);
  }

  /**
   * TranscriptionCallSummaryUpdated: a summary of what has been transcribed so far (redacted text when PII redaction
   * was on), or `callSummaryFailure` when there is nothing to summarise or an injected fault says so.
   */
  summary(call: CallRecord, target: OperationTarget, failure: ResultInformation | undefined): void {
    const settings = call.transcription.settings;
    const locale = settings.summarization?.locale ?? settings.locale;
    if (failure || call.transcript.length === 0) {
      this.send(
        call,
        {
          type: 'TranscriptionCallSummaryUpdated',
          transcriptionUpdate: { transcriptionStatus: 'callSummaryUpdated', transcriptionStatusDetails: 'callSummaryFailure' },
          locale,
        },
        target,
        failure ?? RESULTS.summaryNothingYet,
      );
      return;
    }
    const summary = summarizeConversation(
      call.transcript.map((turn) => ({ speakerLabel: turn.speakerLabel, role: turn.role, text: turn.text, sentiment: turn.sentiment })),
      locale,
    );
    this.send(
      call,
      {
        type: 'TranscriptionCallSummaryUpdated',
        transcriptionUpdate: {
          transcriptionStatus: 'callSummaryUpdated',
          transcriptionStatusDetails: 'callSummarySuccess',
          transcriptionMessage: formatSummary(summary),
        },
        locale,
      },
      target,
      RESULTS.summarySuccess,
    );
  }

  private send(call: CallRecord, payload: CallEventPayload, target: OperationTarget | undefined, result: ResultInformation): void {
    if (this.closed) return;
    const event = buildCloudEvent(payload, {
      ids: call.ids,
      operationContext: target ? target.operationContext : call.operationContext,
      resultInformation: result,
      version: call.apiVersion,
    });
    this.dispatcher.enqueue(call.ids.callConnectionId, {
      url: target?.callbackUri ?? call.callbackUri,
      body: [event],
      tokenSubject: call.ids.callConnectionId,
      label: payload.type,
    });
  }
}
