/**
 * Builds the record of a new call from what its setup request said: ids, who is on it, where events go, and the
 * transcription settings of its `transcriptionOptions`. No side effects: the controller registers and runs it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CallOrigin, CallParticipant, CallRecord } from './call-registry';
import { newServerCallId } from './incoming-calls';
import type { TranscriptionOptionsBody } from './request-schemas';
import type { Scenario } from './scenarios/scenario-schema';
import { isAiPreviewApiVersion, settingsFromSetup, unconfiguredSettings } from './transcription-settings';

export interface NewCall {
  origin: CallOrigin;
  apiVersion: string;
  scenario: Scenario;
  participants: CallParticipant[];
  callbackUri: string;
  operationContext: string | undefined;
  transcriptionOptions: TranscriptionOptionsBody | undefined;
  mediaStreaming: boolean;
  targets: string[];
  source?: string;
  sourceCallerIdNumber?: string;
  sourceDisplayName?: string;
  answeredBy?: string;
  answeredFor?: string;
  /** Given by the ringing call (answer) or the locator (connect to a server call); otherwise generated. */
  serverCallId?: string;
  correlationId?: string;
  locator?: CallRecord['locator'];
}

/** Throws an AcsError (400) when the transcription options name an unsupported locale. */
export function newCallRecord(init: NewCall, log: Logger): CallRecord {
  const preview = isAiPreviewApiVersion(init.apiVersion);
  const setup = init.transcriptionOptions ? settingsFromSetup(init.transcriptionOptions, preview, log) : undefined;
  return {
    ids: {
      callConnectionId: randomUUID(),
      serverCallId: init.serverCallId ?? newServerCallId(),
      correlationId: init.correlationId ?? randomUUID(),
    },
    origin: init.origin,
    state: 'connecting',
    apiVersion: init.apiVersion,
    previewApi: preview,
    callbackUri: init.callbackUri,
    operationContext: init.operationContext,
    scenario: init.scenario,
    participants: init.participants,
    targets: init.targets,
    source: init.source,
    sourceCallerIdNumber: init.sourceCallerIdNumber,
    sourceDisplayName: init.sourceDisplayName,
    answeredBy: init.answeredBy,
    answeredFor: init.answeredFor,
    locator: init.locator,
    mediaStreamingSubscriptionId: init.mediaStreaming ? randomUUID() : undefined,
    transcription: {
      subscriptionId: randomUUID(),
      configured: setup !== undefined,
      state: setup ? 'inactive' : 'disabled',
      settings: setup?.settings ?? unconfiguredSettings(),
      // `startTranscription: true`: the session starts at CallConnected, its events echo the setup context.
      session: setup?.startOnConnect ? { operationContext: init.operationContext, callbackUri: undefined } : undefined,
    },
    transcript: [],
    participantsSequence: 0,
    createdAt: Date.now(),
    connectedAt: undefined,
    endedAt: undefined,
    endReason: undefined,
  };
}

/**
 * The scenario's people on this call. When the app dialled someone who is not in the scenario, that person takes
 * the customer's part, so transcripts and events name who was actually called.
 */
export function participantsFor(scenario: Scenario, dialled: readonly string[]): CallParticipant[] {
  const participants = Object.entries(scenario.participants).map(([key, participant]) => ({
    key,
    rawId: participant.rawId,
    displayName: participant.displayName,
    role: participant.role,
    isOnHold: false,
    isMuted: false,
  }));
  const first = dialled[0];
  if (first !== undefined && !participants.some((participant) => dialled.includes(participant.rawId))) {
    const customer = participants.find((participant) => participant.role === 'customer');
    if (customer) customer.rawId = first;
  }
  return participants;
}
