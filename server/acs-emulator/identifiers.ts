/**
 * Communication identifiers on the wire (`CommunicationIdentifierModel`: `{kind, rawId, phoneNumber: {value}}` …),
 * converted with communication-common's own helpers so the emulator encodes raw ids exactly as the SDK decodes them.
 */
import {
  createIdentifierFromRawId,
  getIdentifierRawId,
  serializeCommunicationIdentifier,
  type SerializedCommunicationIdentifier,
} from '@azure/communication-common';
import { z } from 'zod';

export const IdentifierModelSchema = z.object({
  kind: z.string().optional(),
  rawId: z.string().min(1).max(512).optional(),
  communicationUser: z.object({ id: z.string().min(1).max(512) }).optional(),
  phoneNumber: z
    .object({ value: z.string().min(1).max(64), isAnonymous: z.boolean().optional(), assertedId: z.string().optional() })
    .optional(),
  microsoftTeamsUser: z
    .object({ userId: z.string().min(1), isAnonymous: z.boolean().optional(), cloud: z.enum(['public', 'dod', 'gcch']).optional() })
    .optional(),
  microsoftTeamsApp: z.object({ appId: z.string().min(1), cloud: z.enum(['public', 'dod', 'gcch']).optional() }).optional(),
  teamsExtensionUser: z
    .object({
      userId: z.string().min(1),
      tenantId: z.string().min(1),
      resourceId: z.string().min(1),
      cloud: z.enum(['public', 'dod', 'gcch']).optional(),
    })
    .optional(),
});
export type IdentifierModel = z.infer<typeof IdentifierModelSchema>;

export interface WireIdentifier extends SerializedCommunicationIdentifier {
  kind: string;
  rawId: string;
}

/** The raw id of an identifier the app sent (the SDK always sends `rawId`; a hand-written body may not). */
export function rawIdOf(model: IdentifierModel): string | undefined {
  if (model.rawId) return model.rawId;
  if (model.phoneNumber) return getIdentifierRawId({ phoneNumber: model.phoneNumber.value });
  if (model.communicationUser) return model.communicationUser.id;
  if (model.microsoftTeamsUser) {
    const { userId, isAnonymous, cloud } = model.microsoftTeamsUser;
    return getIdentifierRawId({ microsoftTeamsUserId: userId, isAnonymous, cloud });
  }
  if (model.microsoftTeamsApp) return getIdentifierRawId({ teamsAppId: model.microsoftTeamsApp.appId, cloud: model.microsoftTeamsApp.cloud });
  if (model.teamsExtensionUser) return getIdentifierRawId(model.teamsExtensionUser);
  return undefined;
}

/** The wire model ACS puts in responses and events for a raw id, `kind` included. */
export function wireIdentifier(rawId: string): WireIdentifier {
  const identifier = createIdentifierFromRawId(rawId);
  return { kind: identifier.kind, ...serializeCommunicationIdentifier(identifier), rawId };
}

/** `{value}` for `sourceCallerIdNumber` / `answeredFor`: only for phone numbers. */
export function phoneNumberModel(rawId: string): { value: string } | undefined {
  return rawId.startsWith('4:') ? { value: rawId.slice(2) } : undefined;
}

export function isPhoneRawId(rawId: string): boolean {
  return rawId.startsWith('4:');
}
