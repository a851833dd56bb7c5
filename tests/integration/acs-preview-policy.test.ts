import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcsCallAutomation } from '../../server/acs/call-automation';
import { AcsOperationError } from '../../server/acs/acs-operation-error';
import { createHmacVerifier } from '../../server/acs-emulator/hmac-verifier';

/** A capture server: records what the adapter sends and answers like ACS would. */
interface Captured {
  method: string;
  url: string;
  body: Record<string, unknown>;
  signatureOk: boolean;
}

const accessKey = randomBytes(32).toString('base64');
const verify = createHmacVerifier({ accessKey, maxClockSkewMs: 15 * 60_000 });
const captured: Captured[] = [];
let server: Server;
let baseUrl: string;
let hangNext = false;

function reply(req: IncomingMessage): { status: number; body?: unknown } {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/calling/callConnections') return { status: 201, body: { callConnectionId: 'cc-1', serverCallId: 'srv-1', correlationId: 'corr-1', callConnectionState: 'connecting' } };
  if (path.endsWith(':answer') || path.endsWith(':connect')) return { status: 200, body: { callConnectionId: 'cc-2', correlationId: 'corr-2' } };
  if (path.endsWith(':summarizeCall') && path.includes('missing')) return { status: 404, body: { error: { code: '8522', message: 'Call not found' } } };
  if (path.includes(':')) return { status: 202 };
  return { status: 404, body: { error: { code: '8522', message: 'Call not found' } } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      captured.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body: body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {},
        signatureOk: verify({ method: req.method ?? '', rawUrl: req.url ?? '', headers: req.headers, body }).ok,
      });
      if (hangNext) {
        hangNext = false;
        return; // never answer: the adapter must time out
      }
      const { status, body: answer } = reply(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(answer === undefined ? undefined : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function adapter(timeoutMs = 5_000) {
  return new AcsCallAutomation({
    connectionString: `endpoint=${baseUrl}/;accesskey=${accessKey}`,
    callbackUrl: 'http://127.0.0.1:3000/api/acs/callbacks',
    transportUrl: 'ws://127.0.0.1:3000/ws/transcripts',
    timeoutMs,
    maxRetries: 0,
  });
}

const settings = { locale: 'en-US', locales: ['en-US', 'es-ES'], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: true };

describe('the SDK gap adapter', () => {
  it('adds the preview transcription fields to createCall, with the preview api-version and a valid signature', async () => {
    captured.length = 0;
    const call = await adapter().createCall({ kind: 'phoneNumber', phoneNumber: '+14255550100' }, settings, { sourcePhoneNumber: '+14255550000', operationContext: 'ctx-1' });
    expect(call).toMatchObject({ callConnectionId: 'cc-1', correlationId: 'corr-1' });
    const request = captured[0];
    expect(request?.url).toBe('/calling/callConnections?api-version=2025-08-15-preview');
    expect(request?.signatureOk).toBe(true);
    expect(request?.body.transcriptionOptions).toEqual({
      transportType: 'websocket',
      transportUrl: 'ws://127.0.0.1:3000/ws/transcripts',
      locale: 'en-US',
      startTranscription: true,
      enableIntermediateResults: true,
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' },
      locales: ['en-US', 'es-ES'],
      summarizationOptions: { enableEndCallSummary: true, locale: 'en-US' },
    });
    expect(request?.body.operationContext).toBe('ctx-1');
  });

  it('does the same for answerCall and connectCall, and leaves GA-only requests on the GA api-version', async () => {
    captured.length = 0;
    await adapter().answerCall('incoming-context', settings, 'answer-ctx');
    await adapter().connectCall({ kind: 'roomCallLocator', id: 'room-1' }, { locale: 'en-US' });
    expect(captured[0]?.body).toMatchObject({ incomingCallContext: 'incoming-context', transcriptionOptions: { locales: ['en-US', 'es-ES'], enableSentimentAnalysis: true } });
    expect(captured[0]?.url).toContain('api-version=2025-08-15-preview');
    expect(captured[1]?.body).toMatchObject({ callLocator: { roomId: 'room-1', kind: 'roomCallLocator' } });
    expect(captured[1]?.body.transcriptionOptions).not.toHaveProperty('locales');
    expect(captured[1]?.url).not.toContain('preview');
    expect(captured.every((request) => request.signatureOk)).toBe(true);
  });

  it('sends start (with preview fields), update and stop transcription as the API defines them', async () => {
    captured.length = 0;
    const acs = adapter();
    await acs.startTranscription('cc-1', { locale: 'es-ES', operationContext: 'start', speechModelEndpointId: 'model-1', preview: { enableSentimentAnalysis: true, locales: ['es-ES', 'en-US'] } });
    await acs.updateTranscription('cc-1', 'en-AU', { operationContext: 'update' });
    await acs.stopTranscription('cc-1', 'stop');
    expect(captured.map((request) => new URL(request.url, 'http://x').pathname)).toEqual([
      '/calling/callConnections/cc-1:startTranscription',
      '/calling/callConnections/cc-1:updateTranscription',
      '/calling/callConnections/cc-1:stopTranscription',
    ]);
    expect(captured[0]?.body).toEqual({ locale: 'es-ES', operationContext: 'start', speechModelEndpointId: 'model-1', enableSentimentAnalysis: true, locales: ['es-ES', 'en-US'] });
    expect(captured[1]?.body).toEqual({ locale: 'en-AU', operationContext: 'update' });
    expect(captured[2]?.body).toEqual({ operationContext: 'stop' });
    expect(captured.every((request) => request.signatureOk)).toBe(true);
  });

  it('sends summarizeCall (absent from SDK 1.6.0) signed, on the preview api-version, and maps ACS errors', async () => {
    captured.length = 0;
    await adapter().summarizeCall('cc-1', { operationContext: 'earshot-summary:1', locale: 'en-US' });
    expect(captured[0]).toMatchObject({
      method: 'POST',
      url: '/calling/callConnections/cc-1:summarizeCall?api-version=2025-08-15-preview',
      body: { operationContext: 'earshot-summary:1', summarizationOptions: { locale: 'en-US' } },
      signatureOk: true,
    });
    const error = await adapter().summarizeCall('missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AcsOperationError);
    expect(error).toMatchObject({ status: 404, code: '8522', message: 'Call not found' });
  });

  it('maps an SDK 404 and a peer that never answers to clear errors', async () => {
    const notFound = await adapter().getCall('nope').catch((caught: unknown) => caught);
    expect(notFound).toMatchObject({ name: 'AcsOperationError', status: 404, code: '8522' });
    hangNext = true;
    const timeout = await adapter(300).stopTranscription('cc-1').catch((caught: unknown) => caught);
    expect(timeout).toBeInstanceOf(AcsOperationError);
    expect((timeout as AcsOperationError).status).toBe(504);
  });
});
