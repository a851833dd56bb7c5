import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { logAt } from '@/lib/append-log';
import { selectFirstNewSeq } from '@/lib/catch-up';
import { selectFinalIndex, selectLineTargetStatus, selectRowAt, type CallViewState } from '@/lib/call-state';
import { lineAnchorId } from '@/lib/line-link';
import type { InterimSegment } from '@/lib/protocol';
import { JumpToLive } from './jump-to-live';
import { LineTargetNote } from './line-target-note';
import { speakerStyle } from './speaker-styles';
import { TranscriptRow, type LineActions } from './transcript-row';
import type { LineMarks } from '@/lib/annotation-state';
import { useLineTarget } from './use-line-target';

/** Within this many pixels of the bottom the list counts as "at live" and keeps following new lines. */
const FOLLOW_THRESHOLD_PX = 48;
const ESTIMATED_ROW_PX = 44;
/** Rows kept rendered above and below the viewport; enough to scroll smoothly, few enough to stay cheap. */
const OVERSCAN_ROWS = 12;

export interface TranscriptListProps {
  state: CallViewState;
  interims: readonly InterimSegment[];
  speakerIds: readonly string[];
  /** Bookmarks and notes by line. */
  marks?: ReadonlyMap<number, LineMarks>;
  lineActions?: LineActions;
}

/**
 * The virtualized transcript. It is anchored to the end: while the supervisor is at the bottom it follows
 * new lines; scrolling up pauses that and shows "Jump to live" with the number of lines since. Rows are keyed by
 * seq, so when older lines go in front (a long call opens from its end) the rows on screen stay where they are.
 *
 * A link to a line (`#seq-{n}`) scrolls it into the middle and highlights it, once it is here: a line older than the
 * first page arrives with the older pages the call hook fetches anyway, and the list scrolls to it then.
 */
export function TranscriptList({ state, interims, speakerIds, marks, lineActions }: TranscriptListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = state.finals.length + interims.length;

  // A final's key is its seq (a number: no string per row), an intermediate line's its speaker. The function changes
  // only when rows come, go or shift (older lines put in front) — not when an intermediate line grows, nor on call
  // updates — because each new function makes the virtualizer walk every row of a long call again. Within one
  // (length, first seq) the log's rows never change, so the finals it closes over are never stale.
  const finals = state.finals;
  const firstSeq = logAt(finals, 0)?.seq ?? 0;
  const interimIds = interims.map((interim) => interim.speaker.rawId).join('\n');
  const getItemKey = useCallback(
    (index: number): number | string => (index < finals.length ? (logAt(finals, index)?.seq ?? -1 - index) : `i:${interims[index - finals.length]?.speaker.rawId ?? index}`),
    [finals.length, firstSeq, interimIds],
  );

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN_ROWS,
    getItemKey,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: FOLLOW_THRESHOLD_PX,
    useFlushSync: false,
  });

  // Open at the newest line; from then on `followOnAppend` keeps the end in view while the supervisor is there.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // Each request to show the linked line scrolls to it once it is here, and stays pinned to it while older pages go
  // in front (they shift its index, and one arriving mid-scroll would otherwise carry it away) until the supervisor
  // scrolls, types or clicks in the list, or jumps to live. The highlight stays either way.
  const target = useLineTarget();
  const targetIndex = target.seq === null ? -1 : selectFinalIndex(state, target.seq);
  const scrolledTo = useRef<{ request: number; index: number } | null>(null);
  const pinned = useRef(false);
  useEffect(() => {
    if (targetIndex < 0) return;
    const last = scrolledTo.current;
    const fresh = last === null || last.request !== target.request;
    if (!fresh && !(pinned.current && last.index !== targetIndex)) return;
    virtualizer.scrollToIndex(targetIndex, { align: 'center' });
    scrolledTo.current = { request: target.request, index: targetIndex };
    if (fresh) pinned.current = true;
  }, [targetIndex, target.request, virtualizer]);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (scroller === null) return;
    const unpin = () => {
      pinned.current = false;
    };
    const events = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
    for (const type of events) scroller.addEventListener(type, unpin, { passive: true });
    return () => {
      for (const type of events) scroller.removeEventListener(type, unpin);
    };
  }, []);

  const atLive = count === 0 || virtualizer.isAtEnd(FOLLOW_THRESHOLD_PX);
  // By seq, not by row count: older lines put in front while the supervisor reads are not new lines.
  const [pausedAtSeq, setPausedAtSeq] = useState<number | null>(null);
  useEffect(() => {
    if (atLive) setPausedAtSeq(null);
    else setPausedAtSeq((current) => current ?? state.lastSeq);
  }, [atLive, state.lastSeq]);

  const items = virtualizer.getVirtualItems();
  const callLocale = state.call?.locale ?? null;
  // Where "since you last looked" begins.
  const firstNewSeq = selectFirstNewSeq(state);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        tabIndex={0}
        role="region"
        aria-label="Transcript"
        className="h-full overflow-y-auto [overflow-anchor:none] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          <div className="absolute top-0 left-0 w-full" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const row = selectRowAt(state, interims, item.index);
              if (row === undefined) return null;
              const previous = item.index > 0 ? selectRowAt(state, interims, item.index - 1) : undefined;
              const linked = row.status === 'final' && row.seq === target.seq;
              const mark = row.status === 'final' ? marks?.get(row.seq) : undefined;
              return (
                <div
                  key={item.key}
                  id={row.status === 'final' ? lineAnchorId(row.seq) : undefined}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  data-testid="transcript.row"
                  data-status={row.status}
                  data-seq={row.status === 'final' ? row.seq : undefined}
                  data-speaker={row.speaker.rawId}
                  data-linked={linked ? 'true' : undefined}
                  aria-current={linked ? 'location' : undefined}
                  className={linked ? 'bg-amber-50 shadow-[inset_4px_0_0_0_var(--color-amber-500)]' : undefined}
                >
                  {row.status === 'final' && row.seq === firstNewSeq && <NewSinceMarker />}
                  <TranscriptRow
                    row={row}
                    showSpeaker={previous === undefined || previous.speaker.rawId !== row.speaker.rawId}
                    speakerStyle={speakerStyle(speakerIds, row.speaker.rawId)}
                    callLocale={callLocale}
                    offsetOriginMs={state.offsetOriginMs}
                    bookmarked={mark?.bookmarked}
                    ownBookmark={mark?.ownBookmarkId != null}
                    noteCount={mark?.noteCount}
                    actions={lineActions}
                  />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {target.seq !== null && targetIndex < 0 && <LineTargetNote seq={target.seq} status={selectLineTargetStatus(state, target.seq)} />}
      {!atLive && (
        <JumpToLive
          newLines={pausedAtSeq === null ? 0 : Math.max(0, state.lastSeq - pausedAtSeq)}
          onJump={() => {
            pinned.current = false;
            virtualizer.scrollToEnd();
          }}
        />
      )}
    </div>
  );
}

/** The line between what the supervisor saw on their last look and what came after it. */
function NewSinceMarker() {
  return (
    <div data-testid="transcript.new-marker" role="separator" aria-label="New since you last looked" className="flex items-center gap-2 px-3 pt-2 text-[11px] font-semibold tracking-wide text-sky-700 uppercase">
      <span className="h-px flex-1 bg-sky-300" />
      New since you last looked
      <span className="h-px flex-1 bg-sky-300" />
    </div>
  );
}
