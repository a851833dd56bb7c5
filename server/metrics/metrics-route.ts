/** GET /metrics, answered by the custom server before Next (like /api/health), so scrapes never wait on Next. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../../lib/speaker-label';
import type { EarshotMetrics } from './earshot-metrics';
import { metricsAccess, type MetricsToken } from './metrics-access';

export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: EarshotMetrics, token: MetricsToken | null): Promise<void> {
  const access = metricsAccess({ peerAddress: req.socket.remoteAddress, headers: req.headers }, token);
  switch (access) {
    case 'allowed':
      break;
    // No body: a refused scraper learns nothing about why, or about what is served here.
    case 'unauthorized':
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store', 'content-length': '0' });
      res.end();
      return;
    case 'forbidden':
      res.writeHead(403, { 'cache-control': 'no-store', 'content-length': '0' });
      res.end();
      return;
    default:
      assertNever(access);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' });
    res.end();
    return;
  }
  const body = await metrics.render();
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
