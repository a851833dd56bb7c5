/**
 * The emulator's HMAC-protected HTTP API: ACS Call Automation routes (what SDK 1.6.0 and the preview API call) plus
 * the emulator's own `/emulator/*` control routes. Each route parses its body with zod and hands it to the
 * controller; every failure leaves as an ACS-shaped error with the status ACS would use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z, type ZodType } from 'zod';
import { AcsError, acsErrors, sendEmpty, sendJson } from './acs-errors';
import type { CallController } from './call-controller';
import { participantBody } from './call-properties';
import type { CallRegistry } from './call-registry';
import type { EventGridSubscription } from './event-grid';
import { FaultSpecSchema, type FaultInjector } from './fault-injector';
import type { IncomingCallBook } from './incoming-calls';
import {
  AnswerCallRequestSchema,
  ConnectRequestSchema,
  CreateCallRequestSchema,
  RedirectCallRequestSchema,
  RejectCallRequestSchema,
  StartTranscriptionRequestSchema,
  StopTranscriptionRequestSchema,
  SummarizeCallRequestSchema,
  UpdateTranscriptionRequestSchema,
} from './request-schemas';
import type { ScenarioPicker } from './scenario-picker';
import { isAiPreviewApiVersion, isValidApiVersion } from './transcription-settings';

export interface RestApiDeps {
  controller: CallController;
  registry: CallRegistry;
  faults: FaultInjector;
  incoming: IncomingCallBook;
  eventGrid: EventGridSubscription;
  scenarios: ScenarioPicker;
  ringTimeoutMs: number;
  log: Logger;
}

/** Body of `POST /emulator/incomingCalls`: ring the app with a chosen (or the next) scenario. */
const PlaceIncomingCallSchema = z.strictObject({
  scenarioId: z.string().min(1).max(100).optional(),
  /** Real-time ms the call rings before it can no longer be answered. */
  ringTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
});

const CALL_ACTIONS = ['startTranscription', 'stopTranscription', 'updateTranscription', 'summarizeCall', 'terminate'] as const;
type CallAction = (typeof CALL_ACTIONS)[number];

export function createRestApi(deps: RestApiDeps) {
  return function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    if (path.startsWith('/emulator/')) {
      routeEmulator(deps, method, path, body, res);
      return;
    }
    if (!path.startsWith('/calling/')) throw acsErrors.routeNotFound();
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion === null || apiVersion === '') throw acsErrors.missingApiVersion();
    if (!isValidApiVersion(apiVersion)) throw acsErrors.unsupportedApiVersion(apiVersion);
    routeCalling(deps, method, path, apiVersion, body, res);
  };
}

function routeCalling(deps: RestApiDeps, method: string, path: string, apiVersion: string, body: Buffer, res: ServerResponse): void {
  const { controller } = deps;

  if (path === '/calling/callConnections') {
    requireMethod(method, 'POST');
    sendJson(res, 201, controller.createCall(parseBody(CreateCallRequestSchema, body), apiVersion));
    return;
  }

  const setup = /^\/calling\/callConnections:([A-Za-z]+)$/.exec(path);
  if (setup) {
    requireMethod(method, 'POST');
    switch (setup[1]) {
      case 'answer':
        sendJson(res, 200, controller.answerCall(parseBody(AnswerCallRequestSchema, body), apiVersion));
        return;
      case 'connect':
        sendJson(res, 200, controller.connectCall(parseBody(ConnectRequestSchema, body), apiVersion));
        return;
      case 'reject':
        controller.rejectCall(parseBody(RejectCallRequestSchema, body).incomingCallContext);
        sendEmpty(res, 204);
        return;
      case 'redirect':
        controller.redirectCall(parseBody(RedirectCallRequestSchema, body).incomingCallContext);
        sendEmpty(res, 204);
        return;
      default:
        throw acsErrors.notImplemented(`callConnections:${setup[1] ?? ''}`);
    }
  }

  const participant = /^\/calling\/callConnections\/([^/:]+)\/participants(?:\/([^/]+))?$/.exec(path);
  if (participant?.[1]) {
    requireMethod(method, 'GET');
    const callConnectionId = decode(participant[1]);
    if (participant[2] === undefined) {
      const call = deps.registry.live(callConnectionId);
      sendJson(res, 200, { value: call.participants.map((entry) => participantBody(call, entry.rawId)) });
      return;
    }
    const call = deps.registry.live(callConnectionId);
    const found = participantBody(call, decode(participant[2]));
    if (!found) throw new AcsError(404, '8522', 'Participant not found in this call.');
    sendJson(res, 200, found);
    return;
  }

  const connection = /^\/calling\/callConnections\/([^/:]+)(?::([A-Za-z]+))?$/.exec(path);
  if (!connection?.[1]) throw acsErrors.routeNotFound();
  const callConnectionId = decode(connection[1]);
  const action = connection[2];

  if (action === undefined) {
    if (method === 'GET') {
      sendJson(res, 200, controller.getProperties(callConnectionId));
      return;
    }
    if (method === 'DELETE') {
      controller.hangUp(callConnectionId);
      sendEmpty(res, 204);
      return;
    }
    throw acsErrors.methodNotAllowed(method);
  }

  requireMethod(method, 'POST');
  if (!isCallAction(action)) throw acsErrors.notImplemented(`callConnections/{id}:${action}`);
  switch (action) {
    case 'terminate':
      controller.hangUp(callConnectionId);
      sendEmpty(res, 204);
      return;
    case 'startTranscription':
      controller.startTranscription(callConnectionId, parseBody(StartTranscriptionRequestSchema, body), apiVersion);
      sendEmpty(res, 202);
      return;
    case 'stopTranscription':
      controller.stopTranscription(callConnectionId, parseBody(StopTranscriptionRequestSchema, body));
      sendEmpty(res, 202);
      return;
    case 'updateTranscription':
      controller.updateTranscription(callConnectionId, parseBody(UpdateTranscriptionRequestSchema, body), apiVersion);
      sendEmpty(res, 202);
      return;
    case 'summarizeCall':
      // Summaries exist only in the preview API; a GA api-version has no such operation.
      if (!isAiPreviewApiVersion(apiVersion)) {
        throw new AcsError(400, 'UnsupportedApiVersion', `summarizeCall needs api-version 2025-08-15-preview or later, not ${apiVersion}.`);
      }
      controller.summarizeCall(callConnectionId, parseBody(SummarizeCallRequestSchema, body));
      sendEmpty(res, 202);
      return;
    default: {
      const unreachable: never = action;
      throw acsErrors.notImplemented(String(unreachable));
    }
  }
}

function routeEmulator(deps: RestApiDeps, method: string, path: string, body: Buffer, res: ServerResponse): void {
  switch (path) {
    case '/emulator/faults': {
      if (method === 'POST') {
        const parsed = FaultSpecSchema.safeParse(parseJson(body));
        if (!parsed.success) throw acsErrors.invalidRequest(describeIssues(parsed.error));
        sendJson(res, 201, deps.faults.add(parsed.data));
        return;
      }
      if (method === 'GET') {
        sendJson(res, 200, { value: deps.faults.list() });
        return;
      }
      if (method === 'DELETE') {
        deps.faults.clear();
        sendEmpty(res, 204);
        return;
      }
      throw acsErrors.methodNotAllowed(method);
    }
    case '/emulator/incomingCalls': {
      requireMethod(method, 'POST');
      const request = parseBody(PlaceIncomingCallSchema, body);
      const scenario = request.scenarioId === undefined ? deps.scenarios.next() : deps.scenarios.byId(request.scenarioId);
      if (!scenario) throw acsErrors.invalidRequest(`Unknown scenarioId. Known: ${deps.scenarios.ids.join(', ')}.`);
      const ringing = deps.incoming.place(scenario, request.ringTimeoutMs ?? deps.ringTimeoutMs);
      deps.eventGrid.publishIncomingCall(ringing);
      sendJson(res, 201, {
        incomingCallContext: ringing.incomingCallContext,
        serverCallId: ringing.serverCallId,
        correlationId: ringing.correlationId,
        from: ringing.from,
        to: ringing.to,
        scenarioId: scenario.id,
        deliveredToEventGrid: deps.eventGrid.subscriptionState === 'validated',
      });
      return;
    }
    case '/emulator/calls': {
      requireMethod(method, 'GET');
      sendJson(res, 200, {
        value: deps.registry.all().map((call) => ({
          callConnectionId: call.ids.callConnectionId,
          serverCallId: call.ids.serverCallId,
          correlationId: call.ids.correlationId,
          origin: call.origin,
          state: call.state,
          scenarioId: call.scenario.id,
          transcriptionState: call.transcription.state,
          locale: call.transcription.settings.locale,
          finalResults: call.transcript.length,
        })),
      });
      return;
    }
    default:
      throw acsErrors.routeNotFound();
  }
}

function isCallAction(action: string): action is CallAction {
  return (CALL_ACTIONS as readonly string[]).includes(action);
}

function requireMethod(method: string, expected: string): void {
  if (method !== expected) throw acsErrors.methodNotAllowed(method);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw acsErrors.invalidRequest('The path holds an invalid percent-encoding.');
  }
}

function parseJson(body: Buffer): unknown {
  // Operations such as :terminate carry no body; treat it as an empty object.
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw acsErrors.invalidRequest('The request body is not valid JSON.');
  }
}

function parseBody<T>(schema: ZodType<T>, body: Buffer): T {
  const parsed = schema.safeParse(parseJson(body));
  if (!parsed.success) throw acsErrors.invalidRequest(describeIssues(parsed.error));
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 600);
}
