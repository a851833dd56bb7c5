import { useId, type ReactNode } from 'react';

export interface TextAreaFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  /** Shown under the field while it has no error. */
  hint?: ReactNode;
  error?: string;
  placeholder?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
}

/** A labelled multi-line input whose hint or error is its accessible description, like `TextField`. */
export function TextAreaField({ label, value, onChange, testId, hint, error, placeholder, required, rows = 4, maxLength }: TextAreaFieldProps) {
  const id = useId();
  const noteId = useId();
  const note = error ?? hint;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {!required && <span className="ml-1 text-xs font-normal text-slate-500">(optional)</span>}
      </label>
      <textarea
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        required={required}
        rows={rows}
        maxLength={maxLength}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={note !== undefined ? noteId : undefined}
        spellCheck={false}
        className={`block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-xs focus:ring-2 focus:outline-none ${
          error !== undefined ? 'border-orange-500 focus:border-orange-600 focus:ring-orange-500/30' : 'border-slate-300 focus:border-sky-600 focus:ring-sky-600/30'
        }`}
      />
      {note !== undefined && (
        <p id={noteId} data-testid={error !== undefined ? `${testId}-error` : undefined} className={`text-xs ${error !== undefined ? 'text-orange-800' : 'text-slate-500'}`}>
          {note}
        </p>
      )}
    </div>
  );
}
