/**
 * Kept-alive connections for webhook posts. A connection is reused only by an attempt whose vetting
 * (webhook-url-guard.ts) gave the same address for the same origin: each agent belongs to one (origin, vetted address)
 * pair, and a new socket of that agent connects through the attempt's pinned lookup, so a DNS answer that changes
 * to another address gets a new connection to the newly vetted one and never rides an old socket. Idle sockets close
 * after IDLE_MS (below the 5 s that Node's and many servers' keep-alive timeouts start at, so a receiver rarely
 * closes one under a new request); the least recently used agents beyond MAX_AGENTS are destroyed.
 */
import http from 'node:http';
import https from 'node:https';
import type { ResolvedAddress } from './webhook-url-guard';

const IDLE_MS = 4_000;
const MAX_AGENTS = 64;
/** Per origin and address: alerts come in bursts, but a receiver needs few connections to keep up. */
const MAX_SOCKETS = 8;

export class WebhookAgents {
  /** In least recently used order (a Map keeps insertion order; a hit moves the entry to the end). */
  private readonly agents = new Map<string, http.Agent>();

  /** The agent for posts to `url`'s origin at the vetted address. */
  agentFor(url: URL, vetted: ResolvedAddress): http.Agent {
    const key = `${url.protocol}//${url.host} ${vetted.address}`;
    const known = this.agents.get(key);
    if (known !== undefined) {
      this.agents.delete(key);
      this.agents.set(key, known);
      return known;
    }
    const options = { keepAlive: true, timeout: IDLE_MS, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS };
    const agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    this.agents.set(key, agent);
    for (const [oldest, evicted] of this.agents) {
      if (this.agents.size <= MAX_AGENTS) break;
      this.agents.delete(oldest);
      // Its idle sockets close now; one still carrying a request finishes it, then idles out like any other.
      for (const sockets of Object.values(evicted.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
    return agent;
  }

  /** Open sockets, in use or idle (tests and metrics). */
  openSockets(): number {
    let count = 0;
    for (const agent of this.agents.values()) {
      for (const sockets of Object.values(agent.sockets)) count += sockets?.length ?? 0;
      for (const sockets of Object.values(agent.freeSockets)) count += sockets?.length ?? 0;
    }
    return count;
  }

  /** Closes every socket (shutdown). */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
