'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { KeyboardHelp, type ShortcutDescription } from '@/components/common/keyboard-help';
import { useAcknowledgeKey } from '@/components/alerts/use-acknowledge-key';
import { useShortcutKeys } from '@/components/common/use-shortcut-keys';
import { useCallList } from '@/components/realtime/use-call-list';
import { callPath } from '@/lib/call-path';
import { needsAttention } from '@/lib/call-list-state';
import { WallTile } from './wall-tile';

/** A wall shows what a room can read: the most urgent calls; the rest are counted. */
export const WALL_TILES = 48;

export const WALL_SHORTCUTS: readonly ShortcutDescription[] = [
  { keys: ['j'], does: 'Next call' },
  { keys: ['k'], does: 'Previous call' },
  { keys: ['Enter'], does: 'Open the selected call' },
  { keys: ['a'], does: 'Acknowledge the selected call’s newest open alert' },
  { keys: ['/'], does: 'Search transcripts' },
  { keys: ['?'], does: 'Show these keys' },
];

/**
 * `/wall`: one tile per live call for a big screen, the calls that need a supervisor first (the call list's order:
 * attention score, then sentiment). The selection follows its call while tiles re-order.
 */
export function WallView() {
  const router = useRouter();
  const { live, loaded, error } = useCallList();
  const tiles = live.slice(0, WALL_TILES);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selectedIndex = Math.max(0, tiles.findIndex((call) => call.callId === selectedId));
  const urgent = live.reduce((count, call) => (needsAttention(call) ? count + 1 : count), 0);

  const select = (index: number) => {
    const call = tiles[Math.min(tiles.length - 1, Math.max(0, index))];
    if (call === undefined) return;
    setSelectedId(call.callId);
    document.querySelector<HTMLElement>(`[data-testid="wall.tile"][data-call-id="${CSS.escape(call.callId)}"]`)?.focus();
  };
  useAcknowledgeKey(() => tiles[selectedIndex]?.callId ?? null);
  useShortcutKeys({
    j: () => select(selectedId === null ? 0 : selectedIndex + 1),
    k: () => select(selectedIndex - 1),
    Enter: () => {
      const call = tiles[selectedIndex];
      if (call !== undefined) router.push(callPath(call.callId));
    },
  });

  return (
    <div className="flex h-full flex-col gap-3 overflow-auto bg-slate-100 p-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-lg font-semibold text-slate-900">Wall</h1>
        {loaded && (
          <p data-testid="wall.counts" className="text-sm text-slate-600">
            <span className="font-semibold text-slate-900 tabular-nums">{live.length.toLocaleString()}</span> live
            {urgent > 0 && (
              <>
                {' · '}
                <span className="font-semibold text-orange-800 tabular-nums">{urgent.toLocaleString()}</span> {urgent === 1 ? 'needs' : 'need'} attention
              </>
            )}
            {live.length > tiles.length && ` · showing the ${tiles.length} that need you most`}
          </p>
        )}
        <p className="ml-auto text-xs text-slate-700">
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">j</kbd> / <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">k</kbd> move,{' '}
          <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">?</kbd> all keys
        </p>
      </div>
      {!loaded ? (
        <p role="status" className="text-sm text-slate-600">
          {error ? `Could not load calls: ${error.message}` : 'Loading calls…'}
        </p>
      ) : tiles.length === 0 ? (
        <p className="text-sm text-slate-600">No call is live right now.</p>
      ) : (
        <ol aria-label="Live calls, the ones that need attention first" className="grid grid-cols-[repeat(auto-fill,minmax(20rem,1fr))] gap-3">
          {tiles.map((call, index) => (
            <li key={call.callId} className="contents">
              <WallTile call={call} position={index + 1} selected={index === selectedIndex} />
            </li>
          ))}
        </ol>
      )}
      <KeyboardHelp shortcuts={WALL_SHORTCUTS} />
    </div>
  );
}
