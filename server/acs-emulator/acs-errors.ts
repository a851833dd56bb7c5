/**
 * Errors the emulator returns, shaped like ACS's `CommunicationErrorResponse`: `{"error":{"code","message"}}`. The SDK
 * turns that body into a `RestError` with `statusCode` and `code`, so apps can branch on the same values as in Azure.
 *
 * Where public sources show the code ACS uses we use it: 7509 for a failed HMAC check (an ACS 401 quoted in
 * Azure-Samples/communication-services-dotnet-quickstarts#220), 8522 "Call not found" (acs-reference.md §4.4), 8581
 * for an unreachable transport URL, 8501 "action not valid in the call's current state". 8523 for an invalid request
 * is the emulator's choice: ACS documents plain "400 Bad request" with no code for that case.
 */
import type { ServerResponse } from 'node:http';

export const AcsErrorCode = {
  hmacValidationFailed: '7509',
  callNotFound: '8522',
  invalidRequest: '8523',
  actionNotValidInState: '8501',
  transportUrlInvalid: '8581',
  missingApiVersion: 'MissingApiVersionParameter',
  unsupportedApiVersion: 'UnsupportedApiVersion',
  notImplemented: 'NotImplemented',
  routeNotFound: 'NotFound',
  methodNotAllowed: 'MethodNotAllowed',
  payloadTooLarge: 'PayloadTooLarge',
  internalError: 'InternalError',
} as const;

export class AcsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AcsError';
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const acsErrors = {
  unauthorized: (reason: string) => new AcsError(401, AcsErrorCode.hmacValidationFailed, `HMAC-SHA256 validation failed: ${reason}`),
  callNotFound: (callConnectionId: string) =>
    new AcsError(404, AcsErrorCode.callNotFound, `Call not found: no call connection with id ${callConnectionId}.`),
  invalidRequest: (detail: string) => new AcsError(400, AcsErrorCode.invalidRequest, `Invalid request. ${detail}`),
  notInState: (detail: string) => new AcsError(400, AcsErrorCode.actionNotValidInState, detail),
  missingApiVersion: () =>
    new AcsError(400, AcsErrorCode.missingApiVersion, 'The api-version query parameter (?api-version=) is required for all requests.'),
  unsupportedApiVersion: (version: string) =>
    new AcsError(400, AcsErrorCode.unsupportedApiVersion, `The api-version '${version.slice(0, 40)}' is not supported.`),
  notImplemented: (operation: string) =>
    new AcsError(501, AcsErrorCode.notImplemented, `The ACS emulator does not implement ${operation.slice(0, 80)}.`),
  routeNotFound: () => new AcsError(404, AcsErrorCode.routeNotFound, 'The requested resource does not exist.'),
  methodNotAllowed: (method: string) => new AcsError(405, AcsErrorCode.methodNotAllowed, `Method ${method.slice(0, 10)} is not allowed here.`),
  payloadTooLarge: (limit: number) => new AcsError(413, AcsErrorCode.payloadTooLarge, `The request body is larger than ${limit} bytes.`),
  internal: () => new AcsError(500, AcsErrorCode.internalError, 'The emulator hit an unexpected error.'),
} as const;

export function sendAcsError(res: ServerResponse, error: AcsError): void {
  sendJson(res, error.status, error.toBody());
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}
