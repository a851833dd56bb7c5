/**
 * The yardstick: a minimal relay that does only what any ACS-to-browser relay must — a `ws` ingress that verifies
 * ACS's JWT against a JWKS (jose), JSON.parse per frame, and a socket.io emit to the call's room. No storage, no
 * validation, no state. The benchmark runs it with the same load as Earshot and reports Earshot's cost against it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';

const jwks = createRemoteJWKSet(new URL(process.env.ACS_JWKS_URL ?? ''));
const httpServer = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, { serveClient: false, destroyUpgrade: false });
io.on('connection', (socket) => {
  socket.on('join', (callIds: string[], ack: () => void) => {
    for (const callId of callIds) void socket.join(`call:${callId}`);
    ack();
  });
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
httpServer.on('upgrade', (req, socket, head) => {
  if (!req.url?.startsWith('/ws/transcripts')) return;
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  jwtVerify(token, jwks, { audience: process.env.ACS_JWT_AUDIENCE, issuer: process.env.ACS_JWT_ISSUER }).then(
    () =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        const callId = String(req.headers['x-ms-call-connection-id']);
        const room = `call:${callId}`;
        ws.on('message', (data) => {
          const packet = JSON.parse(data.toString()) as { kind?: string; transcriptionData?: { resultStatus?: string } };
          if (packet.kind !== 'TranscriptionData') return;
          io.to(room).emit(packet.transcriptionData?.resultStatus === 'Final' ? 'call:segment' : 'call:interim', callId, packet);
        });
      }),
    () => socket.destroy(),
  );
});
httpServer.listen(0, '127.0.0.1', () => process.stdout.write(`READY http://127.0.0.1:${(httpServer.address() as AddressInfo).port} none\n`));
process.on('SIGTERM', () => process.exit(0));
