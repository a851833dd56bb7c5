'use client';
import { memo, useId, type ReactNode } from 'react';
import { HISTORY_STATES, SENTIMENT_FILTERS, type HistoryState, type SentimentFilter } from '@/lib/call-history-filter';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { DownloadMenu } from '@/components/common/download-menu';
import { bulkExportPath, DEFAULT_CALL_LIST_VIEW, isFiltered, type CallListView } from '@/lib/call-list-url';
import { languageName } from '@/lib/format-language';
import { SENTIMENT_TONE_TEXT } from '@/lib/format-sentiment';

type Update = (current: CallListView) => CallListView;

/** The languages the demo and the default transcription settings use; a language from a shared link is added. */
const COMMON_LANGUAGES = ['en', 'es', 'hi', 'fr', 'de', 'pt'];

const STATE_TEXT: Record<HistoryState, string> = { all: 'All', live: 'Live', ended: 'Ended' };

const FIELD_CLASS =
  'h-8 rounded-md border-0 bg-white px-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus-visible:ring-2 focus-visible:ring-sky-600';

export interface CallListFiltersProps {
  view: CallListView;
  /** Applied to the newest view asked for (see use-call-list-view.ts). */
  onChange: (update: Update) => void;
  /** The participant field as typed (it reaches the URL a moment later). */
  participant: string;
  onParticipantChange: (value: string) => void;
}

/**
 * Live / ended / all, start date range, language, sentiment, participant and alerts; the text filter sits beside it.
 * Memoised: the list re-renders for every batch of live rows, the filters only when they change.
 */
export const CallListFilters = memo(function CallListFilters({ view, onChange, participant, onParticipantChange }: CallListFiltersProps) {
  const id = useId();
  const exportReason = usePermission('export').reason;
  const languages = view.language !== null && !COMMON_LANGUAGES.includes(view.language) ? [...COMMON_LANGUAGES, view.language] : COMMON_LANGUAGES;
  return (
    <div id="call-list-filters" role="group" aria-label="Filter calls" data-testid="call-list.filters" className="flex flex-wrap items-end gap-2 text-sm">
      <div role="radiogroup" aria-label="Calls to show" className="flex h-8 overflow-hidden rounded-md shadow-xs ring-1 ring-slate-300 ring-inset">
        {HISTORY_STATES.map((state) => (
          <button
            key={state}
            type="button"
            role="radio"
            aria-checked={view.state === state}
            data-testid={`call-list.state-${state}`}
            onClick={() => onChange((current) => ({ ...current, state }))}
            className={`px-2.5 font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 ${
              view.state === state ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'
            }`}
          >
            {STATE_TEXT[state]}
          </button>
        ))}
      </div>
      <Field label="Started from" htmlFor={`${id}-from`}>
        <input
          id={`${id}-from`}
          type="date"
          data-testid="call-list.from"
          value={view.from ?? ''}
          max={view.to ?? undefined}
          onChange={(event) => {
            const from = event.target.value === '' ? null : event.target.value;
            onChange((current) => ({ ...current, from }));
          }}
          className={FIELD_CLASS}
        />
      </Field>
      <Field label="to" htmlFor={`${id}-to`}>
        <input
          id={`${id}-to`}
          type="date"
          data-testid="call-list.to"
          value={view.to ?? ''}
          min={view.from ?? undefined}
          onChange={(event) => {
            const to = event.target.value === '' ? null : event.target.value;
            onChange((current) => ({ ...current, to }));
          }}
          className={FIELD_CLASS}
        />
      </Field>
      <Field label="Language" htmlFor={`${id}-language`}>
        <select
          id={`${id}-language`}
          data-testid="call-list.language"
          value={view.language ?? ''}
          onChange={(event) => {
            const language = event.target.value === '' ? null : event.target.value;
            onChange((current) => ({ ...current, language }));
          }}
          className={FIELD_CLASS}
        >
          <option value="">Any</option>
          {languages.map((language) => (
            <option key={language} value={language}>
              {languageName(language)} ({language})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Sentiment" htmlFor={`${id}-sentiment`}>
        <select
          id={`${id}-sentiment`}
          data-testid="call-list.sentiment"
          value={view.sentiment ?? ''}
          onChange={(event) => {
            const sentiment = SENTIMENT_FILTERS.find((value) => value === event.target.value) ?? null;
            onChange((current) => ({ ...current, sentiment }));
          }}
          className={FIELD_CLASS}
        >
          <option value="">Any</option>
          {SENTIMENT_FILTERS.map((sentiment: SentimentFilter) => (
            <option key={sentiment} value={sentiment}>
              {SENTIMENT_TONE_TEXT[sentiment]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Alerts" htmlFor={`${id}-alerts`}>
        <select
          id={`${id}-alerts`}
          data-testid="call-list.has-alerts"
          value={view.hasAlerts === null ? '' : String(view.hasAlerts)}
          onChange={(event) => {
            const hasAlerts = event.target.value === '' ? null : event.target.value === 'true';
            onChange((current) => ({ ...current, hasAlerts }));
          }}
          className={FIELD_CLASS}
        >
          <option value="">Any</option>
          <option value="true">With alerts</option>
          <option value="false">Without alerts</option>
        </select>
      </Field>
      <Field label="Participant" htmlFor={`${id}-participant`}>
        <input
          id={`${id}-participant`}
          type="search"
          data-testid="call-list.participant"
          value={participant}
          onChange={(event) => onParticipantChange(event.target.value)}
          placeholder="Name or number"
          autoComplete="off"
          spellCheck={false}
          className={`${FIELD_CLASS} w-40 placeholder:text-slate-400`}
        />
      </Field>
      {(isFiltered(view) || view.state !== 'all') && (
        <button
          type="button"
          data-testid="call-list.clear-filters"
          onClick={() => onChange(() => DEFAULT_CALL_LIST_VIEW)}
          className="h-8 rounded-md px-2 text-sm font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Clear filters
        </button>
      )}
      <div className="ml-auto">
        <DownloadMenu title="Export these calls" listLabel="Download the calls these filters match as a ZIP of" hrefFor={(format) => bulkExportPath(view, format)} testId="call-list.export" disabledReason={exportReason} />
      </div>
    </div>
  );
});

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={htmlFor} className="text-[11px] font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}
