/**
 * Call Automation callback events (CloudEvents 1.0 arrays) as far as Earshot reads them. Parsed leniently:
 * every element of the array is read (the SDK's parser reads only the first), unknown types are kept as such
 * rather than thrown on, and unknown fields are ignored.
 */
import { z } from 'zod';
import { CallIdSchema } from '../../lib/call-id';
import { CALLBACK_EVENT_TYPES, type CallbackEventType } from '../../lib/acs/callback-event-types';

const ResultInformationSchema = z.looseObject({
  code: z.number().optional(),
  subCode: z.number().optional(),
  message: z.string().optional(),
});

const TranscriptionUpdateSchema = z.looseObject({
  transcriptionStatus: z.string().optional(),
  transcriptionStatusDetails: z.string().optional(),
  /** Preview: the summary text of a TranscriptionCallSummaryUpdated event. Some SDKs read it as `message`. */
  transcriptionMessage: z.string().optional(),
  message: z.string().optional(),
  locale: z.string().optional(),
});

const ParticipantSchema = z.looseObject({
  identifier: z.looseObject({ rawId: z.string().optional(), kind: z.string().optional() }).optional(),
  isMuted: z.boolean().optional(),
  isOnHold: z.boolean().optional(),
});

export const CallbackEventDataSchema = z.looseObject({
  /** At most 256 characters, like every call id Earshot accepts: a longer one would make a call no one could open. */
  callConnectionId: CallIdSchema,
  serverCallId: z.string().optional(),
  correlationId: z.string().optional(),
  operationContext: z.string().nullish(),
  resultInformation: ResultInformationSchema.optional(),
  transcriptionUpdate: TranscriptionUpdateSchema.optional(),
  participants: z.array(ParticipantSchema).optional(),
  locale: z.string().optional(),
});
export type CallbackEventData = z.infer<typeof CallbackEventDataSchema>;

export const CloudEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().optional(),
  time: z.string().optional(),
  specversion: z.string().optional(),
  data: z.unknown(),
});

export { CALLBACK_EVENT_TYPES, type CallbackEventType };

export type ParsedCallbackEvent =
  | { known: true; id: string; type: CallbackEventType; data: CallbackEventData; time: number }
  | { known: false; id: string; type: string };

export type CallbackParseResult = { ok: true; events: ParsedCallbackEvent[]; invalid: number } | { ok: false; message: string };

const PREFIX = 'Microsoft.Communication.';

export function parseCallbackEvents(body: unknown): CallbackParseResult {
  const items = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? [body] : null;
  if (items === null) return { ok: false, message: 'expected a CloudEvents array' };
  const events: ParsedCallbackEvent[] = [];
  let invalid = 0;
  for (const item of items) {
    const envelope = CloudEventSchema.safeParse(item);
    if (!envelope.success) {
      invalid += 1;
      continue;
    }
    const name = envelope.data.type.startsWith(PREFIX) ? envelope.data.type.slice(PREFIX.length) : envelope.data.type;
    const known = (CALLBACK_EVENT_TYPES as readonly string[]).includes(name);
    const data = CallbackEventDataSchema.safeParse(envelope.data.data);
    if (!known || !data.success) {
      if (known) invalid += 1;
      events.push({ known: false, id: envelope.data.id, type: envelope.data.type });
      continue;
    }
    const time = envelope.data.time ? Date.parse(envelope.data.time) : Number.NaN;
    events.push({ known: true, id: envelope.data.id, type: name as CallbackEventType, data: data.data, time: Number.isFinite(time) ? time : Date.now() });
  }
  return { ok: true, events, invalid };
}

export const EventGridEventSchema = z.looseObject({
  id: z.string().min(1),
  eventType: z.string().min(1),
  data: z.unknown(),
});

export const SubscriptionValidationDataSchema = z.looseObject({ validationCode: z.string().min(1) });

export const IncomingCallDataSchema = z.looseObject({
  incomingCallContext: z.string().min(1),
  serverCallId: z.string().optional(),
  correlationId: z.string().optional(),
  callerDisplayName: z.string().optional(),
  from: z.looseObject({ rawId: z.string().optional() }).optional(),
  to: z.looseObject({ rawId: z.string().optional() }).optional(),
});
