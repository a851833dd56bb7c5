'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '@/components/ui/form-fields';
import type { SearchState } from '@/lib/protocol';
import type { AlertsChoice, SearchForm, SentimentChoice } from '@/lib/search-params';
import { MAX_QUERY_CHARS } from '@/lib/search-query';

const STATE_OPTIONS: { value: SearchState; label: string }[] = [
  { value: 'all', label: 'Live and ended' },
  { value: 'live', label: 'Live only' },
  { value: 'ended', label: 'Ended only' },
];
const SENTIMENT_OPTIONS: { value: SentimentChoice; label: string }[] = [
  { value: 'any', label: 'Any' },
  { value: 'positive', label: 'Positive' },
  { value: 'neutral', label: 'Neutral' },
  { value: 'negative', label: 'Negative' },
];
const ALERT_OPTIONS: { value: AlertsChoice; label: string }[] = [
  { value: 'any', label: 'Any call' },
  { value: 'true', label: 'Calls with alerts' },
  { value: 'false', label: 'Calls without alerts' },
];

export interface SearchFiltersProps {
  initial: SearchForm;
  onSearch: (form: SearchForm) => void;
}

/** The query and its filters; searching puts them in the URL (the page reads them back from there). */
export function SearchFilters({ initial, onSearch }: SearchFiltersProps) {
  const [form, setForm] = useState(initial);
  const set = <K extends keyof SearchForm>(key: K) => (value: SearchForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(form);
  }

  return (
    <form role="search" aria-label="Search transcripts" onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
      <div className="flex items-end gap-2">
        <TextField
          label="Words or phrases"
          value={form.q}
          onChange={set('q')}
          testId="search.query"
          required
          maxLength={MAX_QUERY_CHARS}
          hint={'All words must match. "Quoted phrase", prefix*, -leave out.'}
          className="flex-1"
        />
        <button type="submit" data-testid="search.submit" className="mb-5 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600">
          Search
        </button>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-6">
        <SelectField label="Calls" value={form.state} options={STATE_OPTIONS} onChange={set('state')} testId="search.state" />
        <TextField label="Language" value={form.language} onChange={set('language')} testId="search.language" placeholder="es or es-ES" maxLength={35} />
        <SelectField label="Sentiment" value={form.sentiment} options={SENTIMENT_OPTIONS} onChange={set('sentiment')} testId="search.sentiment" />
        <SelectField label="Alerts" value={form.hasAlerts} options={ALERT_OPTIONS} onChange={set('hasAlerts')} testId="search.alerts" />
        <DateField label="From" value={form.from} onChange={set('from')} testId="search.from" />
        <DateField label="To" value={form.to} onChange={set('to')} testId="search.to" />
      </div>
    </form>
  );
}

function DateField({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  const id = `search-${testId.replace('.', '-')}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="date"
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none"
      />
    </div>
  );
}
