/**
 * Redis for several instances: the socket.io adapter that spreads room broadcasts, session disconnects and
 * server-side messages to every instance, and a login limiter every instance counts in.
 *
 * The adapter is `@socket.io/redis-streams-adapter`, not the pub/sub one: a Redis stream keeps messages while an
 * instance's connection to Redis blips and the adapter resumes reading where it stopped, where pub/sub silently
 * drops what was published meanwhile — and a dropped `call:segment` is a line a supervisor never sees live.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../log';

function newClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) } });
}

export type RedisClient = ReturnType<typeof newClient>;

export interface RedisConnection {
  client: RedisClient;
  adapter: ReturnType<typeof createAdapter>;
  /** Key prefix for everything Earshot stores in Redis. */
  prefix: string;
  close(): Promise<void>;
}

export async function connectRedis(url: string, prefix: string, log: Logger): Promise<RedisConnection> {
  const client = newClient(url);
  let down = false;
  client.on('error', (error: unknown) => {
    if (!down) log.error({ err: error }, 'lost the connection to Redis; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.warn('connected to Redis again');
    down = false;
  });
  await client.connect();
  const adapter = createAdapter(client, {
    streamName: `${prefix}socket.io`,
    channelPrefix: `${prefix}socket.io`,
    sessionKeyPrefix: `${prefix}sio:session:`,
    // Only JSON crosses instances (segments, list rows, cluster messages): no binary encoding needed.
    onlyPlaintext: true,
  });
  return {
    client,
    adapter,
    prefix,
    async close() {
      await client.quit().catch(() => undefined);
    },
  };
}
