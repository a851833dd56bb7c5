/**
 * Messages between Earshot instances. With one instance there is nobody to tell (the local bus drops them); with a
 * Redis adapter they travel as socket.io server-side events, which reach every other instance. Browsers' events
 * do not go through here: they travel through socket.io rooms, which the adapter already spreads.
 */
import { z } from 'zod';
import { CallIdSchema } from '../../lib/call-id';
import { MAX_CHANGED_RAW_IDS, RawIdSchema } from '../../lib/directory';
import { CallPatchSchema } from '../domain/call-patch-schema';
import type { CallPatch } from '../domain/call-record';
import type { Logger } from '../log';

export const ClusterMessageSchema = z.discriminatedUnion('type', [
  /** An instance stored a change to a call: others holding it in memory apply the same change. */
  z.object({ type: z.literal('call-patched'), from: z.string(), callId: CallIdSchema, patch: CallPatchSchema }),
  /** A session ended (logout, revocation): others forget their cached lookup of it. */
  z.object({ type: z.literal('session-ended'), from: z.string(), tokenHash: z.string().min(1).max(128) }),
  /** Alert rules were created, changed or deleted: others reload theirs from the store. */
  z.object({ type: z.literal('rules-changed'), from: z.string() }),
  /** Directory entries changed (these raw ids; null: any number): others reload them into their cache. */
  z.object({ type: z.literal('directory-changed'), from: z.string(), rawIds: z.array(RawIdSchema).max(MAX_CHANGED_RAW_IDS).nullable() }),
  /**
   * Who may see which calls changed: these users' role or teams (null: anyone's), and with `teams` the teams
   * themselves. Others reload teams if so and re-evaluate their sockets (server/auth/access-changes.ts).
   */
  z.object({ type: z.literal('access-changed'), from: z.string(), usernames: z.array(z.string().min(1).max(64)).max(1_000).nullable(), teams: z.boolean() }),
  /** These calls' participants (so perhaps their teams) changed: others re-check the sockets that have one open. */
  z.object({ type: z.literal('call-teams-changed'), from: z.string(), callIds: z.array(CallIdSchema).min(1).max(1_000) }),
]);
export type ClusterMessage = z.infer<typeof ClusterMessageSchema>;
type Outgoing = ClusterMessage extends infer M ? (M extends { from: string } ? Omit<M, 'from'> : never) : never;

export type { CallPatch };

export interface ClusterBus {
  /** This process's id: stream leases carry it. */
  readonly instanceId: string;
  /** True when other instances may exist (a cross-instance adapter is configured). */
  readonly shared: boolean;
  publish(message: Outgoing): void;
  subscribe(handler: (message: ClusterMessage) => void): () => void;
}

/** One instance: the messages have nobody to go to. */
export function localClusterBus(instanceId: string): ClusterBus {
  return { instanceId, shared: false, publish: () => undefined, subscribe: () => () => undefined };
}

/** The transport a socket.io server offers between instances (its adapter's server-side emit). */
export interface ServerSideChannel {
  serverSideEmit(event: 'cluster', message: ClusterMessage): void;
  on(event: 'cluster', listener: (message: unknown) => void): void;
}

export function socketIoClusterBus(channel: ServerSideChannel, instanceId: string, log: Logger): ClusterBus {
  const handlers = new Set<(message: ClusterMessage) => void>();
  channel.on('cluster', (raw) => {
    const parsed = ClusterMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues.length }, 'ignored a malformed message from another instance');
      return;
    }
    if (parsed.data.from === instanceId) return;
    for (const handler of handlers) {
      try {
        handler(parsed.data);
      } catch (error) {
        log.error({ err: error, type: parsed.data.type }, 'a cluster message handler failed');
      }
    }
  });
  return {
    instanceId,
    shared: true,
    publish: (message) => channel.serverSideEmit('cluster', { ...message, from: instanceId } as ClusterMessage),
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
