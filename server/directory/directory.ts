/**
 * The directory as every instance holds it: all entries cached in memory (at most MAX_DIRECTORY_ENTRIES), so naming
 * a participant is a map look-up on the hot paths (call-list rows, every transcript line). A change made here is
 * told to the other instances on the cluster bus; each reloads what changed from the store and tells its own
 * listeners which labels changed (create-app sends those to its browsers as `directory:changed`).
 */
import { MAX_CHANGED_RAW_IDS, MAX_DIRECTORY_ENTRIES, type DirectoryEntry, type ParticipantLabel } from '../../lib/directory';
import { directoryLabel } from '../../lib/participant-name';
import type { ClusterBus } from '../cluster/cluster-bus';
import { speakerFromRawId } from '../domain/speaker';
import type { Logger } from '../log';
import type { DirectoryStore } from '../store/directory-store';

/** Raw-id labels remembered (phone numbers take libphonenumber's parse); cleared when full, rebuilt as needed. */
const MAX_FALLBACK_LABELS = 20_000;

export interface DirectoryOptions {
  store: DirectoryStore;
  bus: ClusterBus;
  log: Logger;
}

export class Directory {
  private entries = new Map<string, DirectoryEntry>();
  private readonly fallbackLabels = new Map<string, string>();
  private readonly listeners = new Set<(labels: ParticipantLabel[]) => void>();
  /** Reloads run one after another, so each diff is against the state the previous one left. */
  private reloads: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly options: DirectoryOptions) {}

  /** Loads the directory and listens for other instances' changes. */
  async start(): Promise<void> {
    await this.reload(null);
    this.unsubscribe = this.options.bus.subscribe((message) => {
      if (message.type === 'directory-changed') void this.reload(message.rawIds);
    });
  }

  close() {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** The label a participant reads as now: the directory's name, else its raw-id label. */
  readonly labelOf = (rawId: string): string => {
    const entry = this.entries.get(rawId);
    return entry === undefined ? this.fallbackLabel(rawId) : directoryLabel(entry);
  };

  entry(rawId: string): DirectoryEntry | undefined {
    return this.entries.get(rawId);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The teams the directory puts these raw ids in, each once, sorted, from the cache (no store read). The team-scope
   * resolver adds these to the teams a call's participants match by pattern.
   */
  teamIdsOf(rawIds: Iterable<string>): string[] {
    const teams = new Set<string>();
    for (const rawId of rawIds) for (const teamId of this.entries.get(rawId)?.teamIds ?? []) teams.add(teamId);
    return [...teams].sort();
  }

  /** Hears the labels that changed, after this instance's cache has them; returns how to stop. */
  onChange(listener: (labels: ParticipantLabel[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Entries were written or deleted on this instance (`rawIds`; null: any number, as an import does): reload them,
   * tell the listeners, and tell the other instances to do the same. Resolves once this instance's cache has them.
   */
  async changed(rawIds: readonly string[] | null): Promise<void> {
    const told = rawIds !== null && rawIds.length <= MAX_CHANGED_RAW_IDS ? [...rawIds] : null;
    await this.reload(told);
    this.options.bus.publish({ type: 'directory-changed', rawIds: told });
  }

  private reload(rawIds: readonly string[] | null): Promise<void> {
    const next = this.reloads.then(() => this.load(rawIds));
    this.reloads = next.catch((error: unknown) => this.options.log.error({ err: error }, 'could not reload the directory'));
    return next;
  }

  private async load(rawIds: readonly string[] | null): Promise<void> {
    const before = this.entries;
    const after = new Map(before);
    if (rawIds === null) {
      after.clear();
      for (const entry of await this.options.store.listDirectory()) after.set(entry.rawId, entry);
    } else {
      const found = await Promise.all(rawIds.map((rawId) => this.options.store.getDirectoryEntry(rawId)));
      rawIds.forEach((rawId, index) => {
        const entry = found[index];
        if (entry) after.set(rawId, entry);
        else after.delete(rawId);
      });
    }
    if (after.size > MAX_DIRECTORY_ENTRIES) this.options.log.warn({ entries: after.size }, 'the directory has more entries than it should');
    this.entries = after;
    const changed: ParticipantLabel[] = [];
    for (const rawId of new Set([...(rawIds ?? before.keys()), ...(rawIds === null ? after.keys() : [])])) {
      const was = before.get(rawId);
      const now = after.get(rawId);
      const wasLabel = was === undefined ? undefined : directoryLabel(was);
      const nowLabel = now === undefined ? undefined : directoryLabel(now);
      if (wasLabel !== nowLabel) changed.push({ rawId, label: this.labelOf(rawId) });
    }
    if (changed.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(changed);
      } catch (error) {
        this.options.log.error({ err: error }, 'a directory listener failed');
      }
    }
  }

  private fallbackLabel(rawId: string): string {
    let label = this.fallbackLabels.get(rawId);
    if (label === undefined) {
      label = speakerFromRawId(rawId).label;
      if (this.fallbackLabels.size >= MAX_FALLBACK_LABELS) this.fallbackLabels.clear();
      this.fallbackLabels.set(rawId, label);
    }
    return label;
  }
}
