/**
 * Callback events as ACS POSTs them to a call's `callbackUri` (acs-reference.md §6): a one-element CloudEvents 1.0
 * array whose `data` carries the call's ids, the echoed `operationContext` and a `resultInformation`.
 */
import { randomUUID } from 'node:crypto';
import type { WireIdentifier } from './identifiers';

import { CALLBACK_EVENT_TYPES, type CallbackEventType } from '../../lib/acs/callback-event-types';

export { CALLBACK_EVENT_TYPES, type CallbackEventType };

export interface ResultInformation {
  code: number;
  subCode: number;
  message: string;
}

export type TranscriptionStatus =
  | 'transcriptionStarted'
  | 'transcriptionFailed'
  | 'transcriptionResumed'
  | 'transcriptionUpdated'
  | 'transcriptionStopped'
  | 'callSummaryUpdated'
  | 'unspecifiedError';

export type TranscriptionStatusDetails =
  | 'subscriptionStarted'
  | 'streamConnectionReestablished'
  | 'streamConnectionUnsuccessful'
  | 'streamUrlMissing'
  | 'streamConnectionInterrupted'
  | 'subscriptionStopped'
  | 'unspecifiedError'
  | 'transcriptionLocaleUpdated'
  | 'callSummarySuccess'
  | 'callSummaryFailure';

export interface TranscriptionUpdate {
  transcriptionStatus: TranscriptionStatus;
  transcriptionStatusDetails: TranscriptionStatusDetails;
  /** Preview: the summary text on TranscriptionCallSummaryUpdated. */
  transcriptionMessage?: string;
}

export interface CallIds {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
}

/** The event-specific part of `data`, one variant per type, so every type gets exactly its fields. */
export type CallEventPayload =
  | { type: 'CallConnected' | 'CallDisconnected' | 'CreateCallFailed' | 'AnswerFailed' | 'ConnectFailed' }
  | {
      type: 'ParticipantsUpdated';
      participants: { identifier: WireIdentifier; isMuted: boolean; isOnHold: boolean }[];
      sequenceNumber: number;
    }
  | {
      type: 'TranscriptionStarted' | 'TranscriptionStopped' | 'TranscriptionUpdated' | 'TranscriptionFailed' | 'TranscriptionResumed';
      transcriptionUpdate: TranscriptionUpdate;
    }
  | { type: 'TranscriptionCallSummaryUpdated'; transcriptionUpdate: TranscriptionUpdate; locale: string };

export interface CloudEvent {
  id: string;
  source: string;
  type: `Microsoft.Communication.${CallbackEventType}`;
  data: Record<string, unknown>;
  time: string;
  specversion: '1.0';
  datacontenttype: 'application/json';
  subject: string;
}

export interface EventContext {
  ids: CallIds;
  operationContext: string | undefined;
  resultInformation: ResultInformation | undefined;
  /** The api-version of the request that set the call up; ACS stamps it into `data.version`. */
  version: string;
}

export function buildCloudEvent(payload: CallEventPayload, context: EventContext): CloudEvent {
  const type = `Microsoft.Communication.${payload.type}` as const;
  const { type: _omit, ...extra } = payload;
  const path = `calling/callConnections/${context.ids.callConnectionId}`;
  const data: Record<string, unknown> = {
    ...extra,
    version: context.version,
    callConnectionId: context.ids.callConnectionId,
    serverCallId: context.ids.serverCallId,
    correlationId: context.ids.correlationId,
    publicEventType: type,
  };
  if (context.operationContext !== undefined) data.operationContext = context.operationContext;
  if (context.resultInformation !== undefined) data.resultInformation = context.resultInformation;
  return {
    id: randomUUID(),
    source: path,
    type,
    data,
    time: new Date().toISOString(),
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: path,
  };
}

/** Result codes the emulator puts on its events (code, subCode, message as ACS words them where known). */
export const RESULTS = {
  callConnected: { code: 200, subCode: 0, message: 'Call connected successfully.' },
  callEndedByApp: { code: 200, subCode: 0, message: 'The call was ended by the application.' },
  callEndedByRemote: { code: 200, subCode: 0, message: 'The call was ended by the remote participant.' },
  participantsUpdated: { code: 200, subCode: 0, message: 'Participants updated.' },
  transcriptionStarted: { code: 200, subCode: 0, message: 'Transcription started successfully.' },
  transcriptionStopped: { code: 200, subCode: 0, message: 'Transcription stopped successfully.' },
  transcriptionUpdated: { code: 200, subCode: 0, message: 'Transcription updated successfully.' },
  transcriptionResumed: { code: 200, subCode: 0, message: 'Transcription resumed: the stream connection was re-established.' },
  transportUnreachable: {
    code: 400,
    subCode: 8581,
    message: 'Action failed, Transport url is not valid or web socket server is not operational.',
  },
  transportMissing: { code: 400, subCode: 8581, message: 'Action failed, no transport url was given for transcription.' },
  streamInterrupted: { code: 500, subCode: 8581, message: 'The transcription stream connection was lost and could not be re-established.' },
  summarySuccess: { code: 200, subCode: 0, message: 'Call summary generated successfully.' },
  summaryNothingYet: { code: 400, subCode: 8523, message: 'Nothing has been transcribed on this call yet, so there is nothing to summarize.' },
} as const satisfies Record<string, ResultInformation>;
