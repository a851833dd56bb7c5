import { memo } from 'react';
import { LanguageTag } from '@/components/common/language-tag';
import { MaskedText } from '@/components/common/masked-text';
import { SentimentBadge } from '@/components/common/sentiment-badge';
import type { TranscriptRow as Row } from '@/lib/call-state';
import { sameLanguage } from '@/lib/format-language';
import { formatCallTime } from '@/lib/format-time';
import type { SpeakerStyle } from './speaker-styles';

export interface TranscriptRowProps {
  row: Row;
  /** False when the previous row has the same speaker: runs read as one turn. */
  showSpeaker: boolean;
  speakerStyle: SpeakerStyle;
  callLocale: string | null;
  offsetOriginMs: number | null;
}

/** One line: time, speaker, text with redactions marked, then its language and sentiment. */
export const TranscriptRow = memo(function TranscriptRow({ row, showSpeaker, speakerStyle, callLocale, offsetOriginMs }: TranscriptRowProps) {
  const interim = row.status === 'intermediate';
  return (
    <div className={`grid grid-cols-[3rem_minmax(0,1fr)] gap-x-3 px-3 sm:grid-cols-[3rem_minmax(0,1fr)_auto] ${showSpeaker ? 'pt-2.5 pb-1' : 'py-1'}`}>
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
        {row.language !== null && <LanguageTag tag={row.language} differs={!sameLanguage(row.language, callLocale ?? row.language)} testId="transcript.language" />}
        {row.sentiment !== null && <SentimentBadge sentiment={row.sentiment} testId="transcript.sentiment" />}
      </div>
    </div>
  );
});
