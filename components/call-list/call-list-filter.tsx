import { useId } from 'react';

export interface CallListFilterProps {
  value: string;
  onChange: (value: string) => void;
}

/** Narrows the table to calls whose id, participants or last line contain the text. */
export function CallListFilter({ value, onChange }: CallListFilterProps) {
  const id = useId();
  return (
    <div className="flex items-center">
      <label htmlFor={id} className="sr-only">
        Filter calls
      </label>
      <input
        id={id}
        type="search"
        data-testid="call-list.filter"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.preventDefault();
            onChange('');
          }
        }}
        placeholder="Filter: participant, last line, call id"
        autoComplete="off"
        spellCheck={false}
        className="h-8 w-72 rounded-md border-0 bg-white px-2.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus-visible:ring-2 focus-visible:ring-sky-600"
      />
    </div>
  );
}
