/**
 * Who may see which calls changes in two ways: a user's role or teams (the admin API), or the teams themselves
 * (patterns edited, a team created or deleted). Either takes effect at once: teams are reloaded and every call's
 * stored teams recomputed (in batches), every instance is told over the cluster bus, and each re-evaluates its open
 * sockets (socket-scope.ts). The admin API awaits this, so its answer means "in effect".
 */
import type { ClusterBus } from '../cluster/cluster-bus';
import type { Logger } from '../log';
import type { SocketScopes } from '../realtime/socket-scope';
import type { CallStore } from '../store/call-store';
import type { CallTeamResolver } from './call-visibility';

/** Calls per batch when recomputing every call's teams. */
const RECOMPUTE_BATCH = 500;

export interface AccessChangeListener {
  usersChanged(usernames: readonly string[]): Promise<void>;
  teamsChanged(): Promise<void>;
}

export interface AccessChangesOptions {
  store: CallStore;
  resolver: CallTeamResolver;
  bus: ClusterBus;
  scopes: SocketScopes;
  log: Logger;
  /** The teams were reloaded here (a change on this instance or another): live calls' list rows may name others now. */
  teamsReloaded?: () => void;
}

export class AccessChanges implements AccessChangeListener {
  private readonly unsubscribe: () => void;

  constructor(private readonly options: AccessChangesOptions) {
    this.unsubscribe = options.bus.subscribe((message) => {
      if (message.type === 'call-teams-changed') {
        void options.scopes.recheckCalls(message.callIds);
        return;
      }
      if (message.type !== 'access-changed') return;
      void (async () => {
        if (message.teams) {
          await options.resolver.reload();
          options.teamsReloaded?.();
        }
        await options.scopes.rescope(message.usernames);
      })().catch((error: unknown) => options.log.warn({ err: error }, 'could not apply an access change from another instance'));
    });
  }

  async usersChanged(usernames: readonly string[]): Promise<void> {
    this.options.bus.publish({ type: 'access-changed', usernames: [...usernames], teams: false });
    await this.options.scopes.rescope(usernames);
  }

  async teamsChanged(): Promise<void> {
    await this.options.resolver.reload();
    this.options.teamsReloaded?.();
    const calls = await recomputeCallTeams(this.options.store, this.options.resolver);
    this.options.log.info({ calls }, 'recomputed the teams of every call');
    this.options.bus.publish({ type: 'access-changed', usernames: null, teams: true });
    await this.options.scopes.rescope(null);
  }

  close() {
    this.unsubscribe();
  }
}

/** Every stored call's teams again, from its participants and assigned team, in batches by call id. Returns how many. */
export async function recomputeCallTeams(store: CallStore, resolver: CallTeamResolver, batch = RECOMPUTE_BATCH): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const inputs = await store.listCallTeamInputs(after, batch);
    if (inputs.length === 0) return count;
    await store.setCallTeams(inputs.map((input) => ({ callId: input.callId, teamIds: resolver.teamIdsOf(input) })));
    count += inputs.length;
    after = inputs[inputs.length - 1]?.callId ?? null;
    if (inputs.length < batch) return count;
  }
}
