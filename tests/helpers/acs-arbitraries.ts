/**
 * fast-check arbitraries for what ACS sends: transcription packets (GA and preview fields, as in
 * server/replay/recordings/seed-document.jsonl), Call Automation callback CloudEvents and Event Grid events (as
 * server/acs-emulator/call-events.ts and event-grid.ts build them). Every value here is valid; json-mutations.ts
 * breaks them.
 */
import fc from 'fast-check';
import { CALLBACK_EVENT_TYPES } from '../../lib/acs/callback-event-types';
import { SENTIMENTS } from '../../lib/acs/transcription-packets';

/** Any text: unicode graphemes, sometimes lone surrogates and control characters. */
export const anyText = fc.oneof({ weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) });

/** Transcript lines: words, masked PII, any script. */
export const transcriptText = fc.oneof(
  fc.lorem({ maxCount: 12 }),
  fc.constantFrom('Testing transcription.', 'My date of birth is *********.', 'Mi número es ***-***-****', 'मेरा नाम ***** है', '', ' '),
  anyText,
);

/** 100 ns ticks: small, safe integers, past 2^53 (ACS sends those: seed-document.jsonl), up to a double's limit. */
export const ticks = fc.oneof(
  fc.nat({ max: 36_000_000_000 }),
  fc.maxSafeNat(),
  fc.double({ min: 2 ** 53, max: 2 ** 64, noNaN: true }),
  fc.constantFrom(0, 2516998782481234400, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE),
);

export const localeText = fc.oneof(fc.constantFrom('en-US', 'en-us', 'es-ES', 'hi-IN', 'fr-FR'), anyText);

/** Raw ids of every kind communication-common knows, and odd ones. */
export const rawId = fc.oneof(
  fc.constantFrom('4:+917020276722', '4:+14255550100', '8:acs:', '8:acs:res_user-1', '8:teamsvisitor:abc', '8:orgid:u1', '28:orgid:app', '8:spool:x', 'unknown', '', '   '),
  fc.string({ unit: fc.constantFrom('4', '8', ':', '+', 'a', 'c', 's', '1', ' '), maxLength: 14 }),
  anyText,
);

const resultStatus = fc.constantFrom('final', 'intermediate').chain((status) => fc.mixedCase(fc.constant(status)));

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

export const callConnectionId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('65c57654=f12c-4975-92a4-21668e61dd98', 'a+b c/d%e?f#g', 'café-日本-%E0%A4%A', 'x'.repeat(256)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }).filter((id) => id.length <= 256),
);

export const transcriptionMetadata = fc.record(
  {
    subscriptionId: fc.oneof(fc.uuid(), anyText),
    locale: localeText,
    callConnectionId,
    correlationId: fc.oneof(fc.uuid(), anyText),
    speechModelEndpointId: nullable(anyText),
    speechRecognitionModelEndpointId: nullable(anyText),
    locales: nullable(fc.array(localeText, { maxLength: 4 })),
    enableSentimentAnalysis: nullable(fc.boolean()),
    piiRedactionOptions: nullable(fc.record({ enable: fc.boolean(), redactionType: fc.constantFrom('MaskWithCharacter', 'maskWithCharacter', '') }, { requiredKeys: [] })),
  },
  { requiredKeys: ['callConnectionId'] },
);

export const transcriptionWord = fc.record({ text: transcriptText, offset: ticks, duration: ticks }, { requiredKeys: ['text'] });

export const transcriptionData = fc.record(
  {
    text: transcriptText,
    format: fc.constantFrom('display', 'lexical', ''),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    offset: ticks,
    duration: ticks,
    words: fc.array(transcriptionWord, { maxLength: 6 }),
    participantRawID: rawId,
    resultStatus,
    sentimentAnalysisResult: nullable(fc.record({ sentiment: fc.constantFrom(...SENTIMENTS) })),
    languageIdentified: nullable(localeText),
  },
  { requiredKeys: ['text', 'offset', 'resultStatus'] },
);

export const metadataPacket = fc.record({ kind: fc.constant('TranscriptionMetadata' as const), transcriptionMetadata });
export const dataPacket = fc.record({ kind: fc.constant('TranscriptionData' as const), transcriptionData });
export const transcriptionPacket = fc.oneof(metadataPacket, dataPacket);

/* ------------------------------------------------------------------ callbacks (CloudEvents) */

const resultInformation = fc.record({ code: fc.integer({ min: 100, max: 599 }), subCode: fc.nat({ max: 9999 }), message: anyText }, { requiredKeys: [] });

const transcriptionUpdate = fc.record(
  {
    transcriptionStatus: fc.constantFrom('transcriptionStarted', 'transcriptionFailed', 'transcriptionResumed', 'transcriptionUpdated', 'transcriptionStopped', 'callSummaryUpdated', 'unspecifiedError'),
    transcriptionStatusDetails: fc.constantFrom('subscriptionStarted', 'streamConnectionInterrupted', 'transcriptionLocaleUpdated', 'callSummarySuccess', 'callSummaryFailure', 'unspecifiedError'),
    transcriptionMessage: transcriptText,
    message: transcriptText,
    locale: localeText,
  },
  { requiredKeys: [] },
);

const participant = fc.record({ identifier: fc.record({ rawId, kind: fc.constantFrom('phoneNumber', 'communicationUser', 'unknown') }, { requiredKeys: [] }), isMuted: fc.boolean(), isOnHold: fc.boolean() }, { requiredKeys: [] });

/** A callback's `data` for a call id; `operationContext` sometimes an Earshot one, which settles nothing unknown. */
const callbackData = (callId: fc.Arbitrary<string>) =>
  fc.record(
    {
      callConnectionId: callId,
      serverCallId: anyText,
      correlationId: fc.uuid(),
      operationContext: nullable(fc.oneof(fc.constantFrom('earshot:hang-up:1', 'earshot:place-call:2'), anyText)),
      resultInformation,
      transcriptionUpdate,
      participants: fc.array(participant, { maxLength: 4 }),
      locale: localeText,
      version: fc.constantFrom('2025-08-15-preview', '2024-09-15'),
    },
    { requiredKeys: ['callConnectionId'] },
  );

export const callbackType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CALLBACK_EVENT_TYPES).map((type) => `Microsoft.Communication.${type}`) },
  { weight: 1, arbitrary: fc.constantFrom(...CALLBACK_EVENT_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom('Microsoft.Communication.PlayCompleted', 'Microsoft.Communication.', 'Microsoft.Communication.callconnected', 'x') },
);

/** One CloudEvent; `callIds` picks the call ids (a few, so events pile up on the same calls). */
export function cloudEvent(callIds: fc.Arbitrary<string> = callConnectionId) {
  return fc.record(
    {
      id: fc.oneof(fc.uuid(), fc.constantFrom('event-1', 'event-2'), anyText.filter((id) => id.length > 0)),
      source: fc.constant('calling/callConnections/x'),
      type: callbackType,
      data: callbackData(callIds),
      time: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.constantFrom('', 'yesterday', '+275760-09-13T00:00:00.000Z', '2025-13-45T99:99:99Z')),
      specversion: fc.constant('1.0'),
      datacontenttype: fc.constant('application/json'),
      subject: fc.constant('calling/callConnections/x'),
    },
    { requiredKeys: ['id', 'type', 'data'] },
  );
}

export const cloudEventBatch = (callIds?: fc.Arbitrary<string>) => fc.array(cloudEvent(callIds), { minLength: 1, maxLength: 5 });

/* ------------------------------------------------------------------ Event Grid */

const wireIdentifier = fc.record({ kind: fc.constantFrom('phoneNumber', 'communicationUser'), rawId }, { requiredKeys: [] });

export const incomingCallEvent = fc.record(
  {
    id: fc.uuid(),
    topic: fc.constant('/subscriptions/0/resourceGroups/earshot/providers/Microsoft.Communication/communicationServices/acs'),
    subject: fc.constant('/caller/4:+14255550100/recipient/8:acs:res_user'),
    data: fc.record(
      {
        to: wireIdentifier,
        from: wireIdentifier,
        serverCallId: anyText,
        callerDisplayName: anyText,
        incomingCallContext: fc.oneof(fc.base64String({ minLength: 4, maxLength: 40 }), anyText.filter((context) => context.length > 0)),
        correlationId: fc.uuid(),
      },
      { requiredKeys: ['incomingCallContext'] },
    ),
    eventType: fc.constant('Microsoft.Communication.IncomingCall'),
    dataVersion: fc.constant('1.0'),
    metadataVersion: fc.constant('1'),
    eventTime: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  },
  { requiredKeys: ['id', 'eventType', 'data'] },
);

export const validationEvent = fc.record({
  id: fc.uuid(),
  data: fc.record({ validationCode: fc.oneof(fc.uuid(), anyText.filter((code) => code.length > 0)), validationUrl: fc.webUrl() }, { requiredKeys: ['validationCode'] }),
  eventType: fc.constantFrom('Microsoft.EventGrid.SubscriptionValidationEvent'),
  eventTime: fc.constant('2025-01-01T00:00:00.000Z'),
  metadataVersion: fc.constant('1'),
  dataVersion: fc.constant('1'),
});

export const eventGridBatch = fc.array(fc.oneof({ weight: 4, arbitrary: incomingCallEvent }, { weight: 1, arbitrary: validationEvent }), { minLength: 1, maxLength: 4 });
