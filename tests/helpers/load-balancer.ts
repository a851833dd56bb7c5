/**
 * A small load balancer in front of several Earshot instances, as a deployment has one: HTTP requests and WebSocket
 * upgrades are passed through to the instance the test's routing picks; an instance that refuses the connection
 * (it is down) is skipped for the next one, as a health-checking balancer would.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Backend {
  name: string;
  url: string;
}

/** Picks the backends to try, in order, for a request path. */
export type Routing = (path: string, backends: readonly Backend[]) => Backend[];

export interface LoadBalancer {
  url: string;
  backends: Backend[];
  routing: Routing;
  /** Requests per backend name and path prefix, e.g. `B /api/acs/callbacks`. */
  served: Map<string, number>;
  close(): Promise<void>;
}

export async function startLoadBalancer(backends: Backend[], routing: Routing = (_path, all) => [...all]): Promise<LoadBalancer> {
  const sockets = new Set<Socket | Duplex>();
  const balancer: LoadBalancer = { url: '', backends, routing, served: new Map(), close: async () => undefined };
  const count = (backend: Backend, path: string) => {
    const key = `${backend.name} ${path.split('?')[0] ?? path}`;
    balancer.served.set(key, (balancer.served.get(key) ?? 0) + 1);
  };

  const server: Server = createServer((req, res) => {
    const candidates = balancer.routing(req.url ?? '/', balancer.backends);
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const attempt = (index: number) => {
        const backend = candidates[index];
        if (!backend) {
          res.writeHead(502).end();
          return;
        }
        const target = new URL(backend.url);
        const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (response) => {
          count(backend, req.url ?? '/');
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && !res.headersSent) attempt(index + 1);
          else res.destroy();
        });
        upstream.end(Buffer.concat(body));
      };
      attempt(0);
    });
  });

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const candidates = balancer.routing(req.url ?? '/', balancer.backends);
    const attempt = (index: number) => {
      const backend = candidates[index];
      if (!backend) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
        return;
      }
      const target = new URL(backend.url);
      const upstream = connect(Number(target.port), target.hostname);
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') attempt(index + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        count(backend, req.url ?? '/');
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        const headers = Object.entries(req.headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((one) => `${name}: ${one}`) : value === undefined ? [] : [`${name}: ${value}`]));
        upstream.write(`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    };
    attempt(0);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  balancer.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return balancer;
}
