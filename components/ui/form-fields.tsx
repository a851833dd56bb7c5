import { useId, type ChangeEvent, type HTMLAttributes, type ReactNode, type Ref } from 'react';

const INPUT_CLASS =
  'block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-xs focus:ring-2 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';

function inputClass(invalid: boolean, mono: boolean): string {
  return `${INPUT_CLASS} ${invalid ? 'border-orange-500 focus:border-orange-600 focus:ring-orange-500/30' : 'border-slate-300 focus:border-sky-600 focus:ring-sky-600/30'} ${mono ? 'font-mono' : ''}`;
}

export interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  /** Shown under the field while it has no error. */
  hint?: ReactNode;
  error?: string;
  placeholder?: string;
  required?: boolean;
  mono?: boolean;
  autoComplete?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  /** Id of a `<datalist>` with suggestions. */
  list?: string;
  maxLength?: number;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
  type?: 'text' | 'password';
}

/** A labelled text input whose hint or error is its accessible description. */
export function TextField({ label, value, onChange, testId, hint, error, placeholder, required, mono = false, autoComplete = 'off', inputMode, list, maxLength, className = '', inputRef, type = 'text' }: TextFieldProps) {
  const id = useId();
  const noteId = useId();
  const note = error ?? hint;
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {!required && <span className="ml-1 text-xs font-normal text-slate-500">(optional)</span>}
      </label>
      <input
        ref={inputRef}
        id={id}
        data-testid={testId}
        type={type}
        value={value}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        placeholder={placeholder}
        required={required}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={note !== undefined ? noteId : undefined}
        autoComplete={autoComplete}
        spellCheck={false}
        inputMode={inputMode}
        list={list}
        maxLength={maxLength}
        className={inputClass(error !== undefined, mono)}
      />
      {note !== undefined && (
        <p id={noteId} data-testid={error !== undefined ? `${testId}-error` : undefined} className={`text-xs ${error !== undefined ? 'text-orange-800' : 'text-slate-500'}`}>
          {note}
        </p>
      )}
    </div>
  );
}

export interface SelectFieldProps<V extends string> {
  label: ReactNode;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  testId: string;
  className?: string;
}

export function SelectField<V extends string>({ label, value, options, onChange, testId, className = '' }: SelectFieldProps<V>) {
  const id = useId();
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
        className={`${inputClass(false, false)} pr-8`}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface CheckboxFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}

export function CheckboxField({ label, hint, checked, onChange, testId }: CheckboxFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="flex gap-2">
      <input
        id={id}
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint !== undefined ? hintId : undefined}
        className="mt-0.5 size-4 shrink-0 accent-sky-700"
      />
      <div>
        <label htmlFor={id} className="block text-sm text-slate-800">
          {label}
        </label>
        {hint !== undefined && (
          <p id={hintId} className="text-xs text-slate-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
