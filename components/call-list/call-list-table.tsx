'use client';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { callPath } from '@/lib/call-path';
import type { CallListRow as Row } from '@/lib/protocol';
import { CALL_LIST_COLUMNS, CALL_LIST_GRID, CALL_LIST_GRID_MEDIA, CALL_LIST_ROW_HEIGHT_PX, CALL_LIST_SECTION_HEIGHT_PX } from './call-list-columns';
import { CallListRow } from './call-list-row';
import { useMediaQuery } from './use-media-query';

/** Rows rendered beyond the viewport: enough for smooth scrolling, few enough that a batch re-renders little. */
const OVERSCAN_ROWS = 3;
/** A row on a narrow screen, where its cells stack (measured once rendered). */
const ESTIMATED_STACKED_ROW_PX = 150;
const PAGE_ROWS = 10;

export interface CallListTableProps {
  /** Live calls to show, in order (already filtered). */
  live: readonly Row[];
  /** Ended calls to show, in order (already filtered). */
  recent: readonly Row[];
  /** Before filtering: the section headers say "12 of 2,000". */
  liveTotal: number;
  recentTotal: number;
  /** The filter as typed, for the empty notes; empty when none. */
  filter: string;
  /** A section the state filter leaves out (its note says so). */
  hiddenSection?: Section;
  /** Older ended calls can be loaded: the table ends with a row that loads them. */
  more?: { loading: boolean; error: string | null; load: () => void };
}

type Section = 'live' | 'recent';

type Item = { kind: 'section'; section: Section } | { kind: 'empty'; section: Section } | { kind: 'call'; section: Section; call: Row } | { kind: 'more'; section: 'recent' };

const SECTION_TITLE: Record<Section, string> = { live: 'Live calls', recent: 'Recent calls' };
const SECTION_ORDER: Record<Section, string> = { live: 'Needs attention first', recent: 'Most recently ended first' };

/**
 * Both sections in one virtualized grid: only the rows on screen (and a few around them) are in the DOM, so 2,000
 * live calls cost what 30 do. Items are addressed by index — the live header, the live rows (or a note when there
 * are none), the recent header, the recent rows — without building a list of them for every update.
 *
 * Keyboard: one row is in the tab order; the arrow keys, Page Up / Down and Home / End move between calls (the
 * row stays rendered while it has focus, wherever it sorts to), and Enter opens the call.
 */
export function CallListTable({ live, recent, liveTotal, recentTotal, filter, hiddenSection, more }: CallListTableProps) {
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const liveSlots = Math.max(live.length, 1);
  const recentHeader = 1 + liveSlots;
  const recentEnd = recentHeader + 1 + Math.max(recent.length, 1);
  // The last row loads older ended calls, inside the grid: no element below the table to lay out with every update.
  const count = recentEnd + (more ? 1 : 0);

  const itemAt = useCallback(
    (index: number): Item => {
      if (index === 0) return { kind: 'section', section: 'live' };
      if (index < recentHeader) {
        const call = live[index - 1];
        return call ? { kind: 'call', section: 'live', call } : { kind: 'empty', section: 'live' };
      }
      if (index === recentHeader) return { kind: 'section', section: 'recent' };
      if (index >= recentEnd) return { kind: 'more', section: 'recent' };
      const call = recent[index - recentHeader - 1];
      return call ? { kind: 'call', section: 'recent', call } : { kind: 'empty', section: 'recent' };
    },
    [live, recent, recentHeader, recentEnd],
  );

  // The row in the tab order, by call id: rows re-sort every second, and the focus must stay on its call.
  const [activeCallId, setActiveCallId] = useState<string | null>(null);
  const liveIndex = activeCallId === null ? -1 : live.findIndex((call) => call.callId === activeCallId);
  const recentIndex = activeCallId === null || liveIndex >= 0 ? -1 : recent.findIndex((call) => call.callId === activeCallId);
  const activeIndex = liveIndex >= 0 ? 1 + liveIndex : recentIndex >= 0 ? recentHeader + 1 + recentIndex : firstCallIndex(live.length, recent.length, recentHeader);

  const getItemKey = useCallback(
    (index: number) => {
      const item = itemAt(index);
      return item.kind === 'call' ? `c:${item.call.callId}` : `${item.kind}:${item.section}`;
    },
    [itemAt],
  );
  // From `lg` up every row has one height, so nothing is measured: measuring means reading layout for each row that
  // enters the screen, and at 2,000 live calls rows enter and leave it with every update.
  const fixedRows = useMediaQuery(CALL_LIST_GRID_MEDIA);
  const estimateSize = useCallback(
    (index: number) => (itemAt(index).kind !== 'call' ? CALL_LIST_SECTION_HEIGHT_PX : fixedRows ? CALL_LIST_ROW_HEIGHT_PX : ESTIMATED_STACKED_ROW_PX),
    [itemAt, fixedRows],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      // The focused row stays in the DOM wherever it is: unmounting it would drop the keyboard focus.
      if (activeIndex >= 0 && activeIndex < range.count && !indexes.includes(activeIndex)) {
        indexes.push(activeIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeIndex],
  );

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: OVERSCAN_ROWS,
    useFlushSync: false,
  });
  // Sizes measured in one layout do not hold in the other.
  useEffect(() => virtualizer.measure(), [virtualizer, fixedRows]);
  const measure = fixedRows ? undefined : virtualizer.measureElement;

  const pendingFocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    const callId = pendingFocus.current;
    if (callId === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(callId)}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const target = nearestCall(itemAt, count, index, index >= activeIndex ? 1 : -1);
    if (target === null) return;
    setActiveCallId(target.call.callId);
    pendingFocus.current = target.call.callId;
    virtualizer.scrollToIndex(target.index, { align: 'auto' });
  };

  const open = (callId: string, inNewTab: boolean) => {
    if (inNewTab) window.open(callPath(callId), '_blank', 'noopener');
    else router.push(callPath(callId));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-row-key]');
    if (row === null) return;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1);
        break;
      case 'j':
      case 'k':
        if (!plain) return;
        moveTo(activeIndex + (event.key === 'j' ? 1 : -1));
        break;
      case 'PageDown':
        moveTo(Math.min(count - 1, activeIndex + PAGE_ROWS));
        break;
      case 'PageUp':
        moveTo(Math.max(0, activeIndex - PAGE_ROWS));
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(count - 1);
        break;
      case 'Enter':
        open(row.dataset.rowKey ?? '', event.ctrlKey || event.metaKey);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-row-key]');
    if (row?.dataset.rowKey === undefined || event.button !== 0) return;
    open(row.dataset.rowKey, event.ctrlKey || event.metaKey || event.shiftKey);
  };

  const onAuxClick = (event: MouseEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-row-key]');
    if (row?.dataset.rowKey !== undefined && event.button === 1) open(row.dataset.rowKey, true);
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const key = (event.target as HTMLElement).dataset.rowKey;
    if (key !== undefined && key !== activeCallId) setActiveCallId(key);
  };

  const items = virtualizer.getVirtualItems();
  const rendered: Record<Section, ReactNode[]> = { live: [], recent: [] };
  for (const virtual of items) {
    const item = itemAt(virtual.index);
    const rowIndex = virtual.index + 2;
    if (item.kind === 'call') {
      rendered[item.section].push(
        <CallListRow
          key={virtual.key as string}
          call={item.call}
          rowIndex={rowIndex}
          active={virtual.index === activeIndex}
          start={virtual.start}
          measure={measure}
          virtualIndex={virtual.index}
        />,
      );
    } else {
      const shown = item.section === 'live' ? live.length : recent.length;
      const total = item.section === 'live' ? liveTotal : recentTotal;
      rendered[item.section].push(
        <div
          key={virtual.key as string}
          data-index={virtual.index}
          role="row"
          aria-rowindex={rowIndex}
          className="absolute top-0 left-0 w-full overflow-hidden"
          style={{ transform: `translateY(${virtual.start}px)`, height: CALL_LIST_SECTION_HEIGHT_PX }}
        >
          <div role="gridcell" aria-colspan={CALL_LIST_COLUMNS.length}>
            {item.kind === 'more' && more ? (
              <div className="flex h-10 items-center justify-center gap-3 border-b border-slate-100 bg-white px-3 text-sm">
                {more.error !== null && <span className="text-orange-800">Could not load ended calls: {more.error}</span>}
                <button
                  type="button"
                  data-testid="call-list.load-more"
                  disabled={more.loading}
                  onClick={(event) => {
                    event.stopPropagation();
                    more.load();
                  }}
                  className="h-7 rounded-md bg-white px-3 font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60"
                >
                  {more.loading ? 'Loading…' : 'Load more ended calls'}
                </button>
              </div>
            ) : item.kind === 'section' ? (
              <SectionHeader section={item.section} shown={shown} total={total} filtering={filter !== ''} />
            ) : (
              <p className="flex h-10 items-center border-b border-slate-100 bg-white px-3 text-sm text-slate-500">{item.section === hiddenSection ? hiddenText(item.section) : emptyText(item.section, filter, total)}</p>
            )}
          </div>
        </div>,
      );
    }
  }

  return (
    <div
      role="grid"
      aria-label="Calls"
      aria-rowcount={count + 1}
      aria-colcount={CALL_LIST_COLUMNS.length}
      aria-describedby={helpId}
      aria-readonly="true"
      data-testid="call-list.table"
      className="flex min-h-[20rem] flex-1 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs"
      onKeyDown={onKeyDown}
      onClick={onClick}
      onAuxClick={onAuxClick}
      onFocus={onFocus}
    >
      <p id={helpId} className="sr-only">
        Live calls first, the ones that need you on top. Arrow keys move between calls; Enter opens one.
      </p>
      <div role="rowgroup" className="hidden shrink-0 overflow-hidden border-b border-slate-200 bg-slate-50 [scrollbar-gutter:stable] lg:block">
        <div role="row" aria-rowindex={1} className={`border-l-4 border-l-transparent px-3 py-1 text-[11px] font-medium tracking-wide text-slate-500 uppercase ${CALL_LIST_GRID}`}>
          {CALL_LIST_COLUMNS.map((column) => (
            <div key={column} role="columnheader" className={column === 'Lines' ? 'text-right' : undefined}>
              {column}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} data-testid="call-list.scroller" className="relative min-h-0 flex-1 overflow-y-auto [overflow-anchor:none] [scrollbar-gutter:stable]">
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          <div role="rowgroup" aria-label={SECTION_TITLE.live} data-testid="call-list.live">
            {rendered.live}
          </div>
          <div role="rowgroup" aria-label={SECTION_TITLE.recent} data-testid="call-list.recent">
            {rendered.recent}
          </div>
        </div>
      </div>
    </div>
  );
}

function SectionHeader({ section, shown, total, filtering }: { section: Section; shown: number; total: number; filtering: boolean }) {
  return (
    <div className="flex h-10 items-center gap-2 border-b border-slate-200 bg-slate-50 px-3">
      <h2 className="text-sm font-semibold text-slate-900">
        {SECTION_TITLE[section]}{' '}
        <span className="font-normal text-slate-500 tabular-nums">({filtering ? `${shown.toLocaleString()} of ${total.toLocaleString()}` : total.toLocaleString()})</span>
      </h2>
      <p className="text-xs text-slate-500">{SECTION_ORDER[section]}</p>
    </div>
  );
}

function emptyText(section: Section, filter: string, total: number): string {
  if (filter !== '' && total > 0) return section === 'live' ? `No live call matches “${filter}”.` : `No recent call matches “${filter}”.`;
  return section === 'live' ? 'No call is live right now.' : 'No call has ended yet.';
}

function hiddenText(section: Section): string {
  return section === 'live' ? 'Live calls are hidden: showing ended calls only.' : 'Ended calls are hidden: showing live calls only.';
}

function firstCallIndex(liveCount: number, recentCount: number, recentHeader: number): number {
  if (liveCount > 0) return 1;
  if (recentCount > 0) return recentHeader + 1;
  return -1;
}

/** The call row at `index`, or the nearest one in `direction` (then the other way): headers and notes are skipped. */
function nearestCall(itemAt: (index: number) => Item, count: number, index: number, direction: 1 | -1): { index: number; call: Row } | null {
  for (const step of [direction, -direction]) {
    for (let at = Math.min(Math.max(index, 0), count - 1); at >= 0 && at < count; at += step) {
      const item = itemAt(at);
      if (item.kind === 'call') return { index: at, call: item.call };
    }
  }
  return null;
}
