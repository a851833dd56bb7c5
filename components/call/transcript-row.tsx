import { memo } from 'react';
import { LanguageTag } from '@/components/common/language-tag';
import { MaskedText } from '@/components/common/masked-text';
import { SentimentBadge } from '@/components/common/sentiment-badge';
import type { TranscriptRow as Row } from '@/lib/call-state';
import { sameLanguage } from '@/lib/format-language';
import { formatCallTime } from '@/lib/format-time';
import type { SpeakerStyle } from './speaker-styles';

/** What a final line's bookmark and note buttons do (stable across renders, so memoised rows stay memoised). */
export interface LineActions {
  toggleBookmark(seq: number): void;
  addNote(seq: number): void;
}

/** A final line's bookmarks and notes, as primitives (the row is memoised on its props). */
export interface RowMarks {
  bookmarked?: boolean;
  /** The viewer's own bookmark is on the line: the toggle removes it. */
  ownBookmark?: boolean;
  noteCount?: number;
  actions?: LineActions;
}

export interface TranscriptRowProps extends RowMarks {
  row: Row;
  /** False when the previous row has the same speaker: runs read as one turn. */
  showSpeaker: boolean;
  speakerStyle: SpeakerStyle;
  callLocale: string | null;
  offsetOriginMs: number | null;
}

/** One line: time, speaker, text with redactions marked, then its language and sentiment. */
export const TranscriptRow = memo(function TranscriptRow({ row, showSpeaker, speakerStyle, callLocale, offsetOriginMs, bookmarked = false, ownBookmark = false, noteCount = 0, actions }: TranscriptRowProps) {
  const interim = row.status === 'intermediate';
  const marked = bookmarked || noteCount > 0;
  return (
    <div
      className={`group grid grid-cols-[3rem_minmax(0,1fr)] gap-x-3 px-3 sm:grid-cols-[3rem_minmax(0,1fr)_auto] ${showSpeaker ? 'pt-2.5 pb-1' : 'py-1'} ${marked ? 'shadow-[inset_3px_0_0_0_var(--color-violet-400)]' : ''}`}
    >
      <time className="pt-0.5 text-right font-mono text-[11px] text-slate-500 tabular-nums" title={`${row.offsetMs} ms from the stream start`}>
        {formatCallTime(row.offsetMs, offsetOriginMs)}
      </time>
      <div className="min-w-0">
        {showSpeaker && <div className={`mb-0.5 truncate text-xs font-semibold ${speakerStyle.text}`}>{row.speaker.label}</div>}
        <p data-testid="transcript.text" className={`text-sm leading-relaxed break-words ${interim ? 'text-slate-500 italic' : 'text-slate-900'}`}>
          <MaskedText text={row.text} masked={row.piiMasked} piiTestId="transcript.pii" />
        </p>
      </div>
      {/* Under the text on narrow screens, in a right-hand column from `sm` up. */}
      <div className={`col-start-2 mt-0.5 flex flex-wrap items-start gap-1 sm:col-start-3 sm:row-start-1 sm:mt-0 sm:justify-end ${showSpeaker ? 'sm:pt-4' : 'sm:pt-0.5'}`}>
        {interim && <span className="text-[11px] whitespace-nowrap text-slate-500 italic">speaking…</span>}
        {row.status === 'final' && (bookmarked || noteCount > 0) && (
          <span data-testid="transcript.marks" data-bookmarked={bookmarked} data-notes={noteCount} className="text-[11px] whitespace-nowrap text-violet-800">
            {bookmarked && <span title="Bookmarked">★<span className="sr-only"> bookmarked</span></span>}
            {noteCount > 0 && <span title={`${noteCount} ${noteCount === 1 ? 'note' : 'notes'}`}> ✎{noteCount}<span className="sr-only"> {noteCount === 1 ? 'note' : 'notes'}</span></span>}
          </span>
        )}
        {row.status === 'final' && actions !== undefined && <LineButtons seq={row.seq} ownBookmark={ownBookmark} actions={actions} />}
        {row.language !== null && <LanguageTag tag={row.language} differs={!sameLanguage(row.language, callLocale ?? row.language)} testId="transcript.language" />}
        {row.sentiment !== null && <SentimentBadge sentiment={row.sentiment} testId="transcript.sentiment" />}
      </div>
    </div>
  );
});

const LINE_BUTTON =
  'rounded px-1 text-[11px] font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 aria-pressed:bg-violet-50 aria-pressed:text-violet-900 aria-pressed:ring-violet-300';

/** Out of the way until the row is hovered or one of them has the keyboard focus; always in the tab order. */
function LineButtons({ seq, ownBookmark, actions }: { seq: number; ownBookmark: boolean; actions: LineActions }) {
  return (
    <span className="flex gap-1 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 focus-within:opacity-100">
      <button type="button" data-testid="transcript.bookmark" aria-pressed={ownBookmark} aria-label={`Bookmark line ${seq}`} onClick={() => actions.toggleBookmark(seq)} className={LINE_BUTTON}>
        ★
      </button>
      <button type="button" data-testid="transcript.add-note" aria-label={`Add a note to line ${seq}`} onClick={() => actions.addNote(seq)} className={LINE_BUTTON}>
        ✎
      </button>
    </span>
  );
}
