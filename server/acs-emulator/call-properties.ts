/**
 * `CallConnectionProperties` as ACS returns it (acs-reference.md §4.3): wire names, so `subscribedResultTypes` (the
 * SDK renames it `subscribedResultStates`), `answeredBy` with a capital B, `targets` and `callbackUri`.
 */
import type { CallRecord } from './call-registry';
import { phoneNumberModel, wireIdentifier } from './identifiers';

export function callConnectionProperties(call: CallRecord): Record<string, unknown> {
  const { transcription } = call;
  const properties: Record<string, unknown> = {
    callConnectionId: call.ids.callConnectionId,
    serverCallId: call.ids.serverCallId,
    correlationId: call.ids.correlationId,
    callConnectionState: call.state,
    callbackUri: call.callbackUri,
    targets: call.targets.map(wireIdentifier),
    transcriptionSubscription: {
      id: transcription.subscriptionId,
      state: transcription.state,
      subscribedResultTypes: transcription.settings.enableIntermediateResults ? ['final', 'intermediate'] : ['final'],
      locale: transcription.settings.locale,
    },
  };
  if (call.source !== undefined) properties.source = wireIdentifier(call.source);
  const callerNumber = call.sourceCallerIdNumber === undefined ? undefined : phoneNumberModel(call.sourceCallerIdNumber);
  if (callerNumber) properties.sourceCallerIdNumber = callerNumber;
  if (call.sourceDisplayName !== undefined) properties.sourceDisplayName = call.sourceDisplayName;
  if (call.answeredBy !== undefined) properties.answeredBy = { id: call.answeredBy };
  const answeredFor = call.answeredFor === undefined ? undefined : phoneNumberModel(call.answeredFor);
  if (answeredFor) properties.answeredFor = answeredFor;
  if (call.mediaStreamingSubscriptionId !== undefined) {
    // The emulator carries no audio, so a media streaming subscription never becomes active.
    properties.mediaStreamingSubscription = { id: call.mediaStreamingSubscriptionId, state: 'inactive', subscribedContentTypes: ['audio'] };
  }
  return properties;
}

export function participantBody(call: CallRecord, rawId: string): Record<string, unknown> | undefined {
  const participant = call.participants.find((candidate) => candidate.rawId === rawId);
  if (!participant) return undefined;
  return { identifier: wireIdentifier(participant.rawId), isMuted: participant.isMuted, isOnHold: participant.isOnHold };
}
