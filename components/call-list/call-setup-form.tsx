import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { callPath } from '@/lib/call-path';
import type { FieldErrors, FormCheck } from '@/lib/call-setup-form';
import { ControlAcceptedSchema, postJson } from '@/lib/control-client';
import type { ApiError } from '@/lib/protocol';

export interface CallSetupFormProps<F extends string> {
  /** Test-id prefix: `place-call` or `connect-room`. */
  prefix: string;
  url: string;
  submitLabel: string;
  submittingLabel: string;
  /** Checks the current values with the protocol schema. */
  check: () => FormCheck<unknown, F>;
  onCancel: () => void;
  children: (errors: FieldErrors<F>) => ReactNode;
}

type SubmitState = { kind: 'editing' } | { kind: 'submitting' } | { kind: 'refused'; error: ApiError };

/**
 * The body and buttons of the Place call and Connect to room dialogs: checks the form on submit (then on every
 * change), sends it, shows the server's code and message when it refuses, and opens the new call when it accepts.
 */
export function CallSetupForm<F extends string>({ prefix, url, submitLabel, submittingLabel, check, onCancel, children }: CallSetupFormProps<F>) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  const [state, setState] = useState<SubmitState>({ kind: 'editing' });
  const result = check();
  // Quiet until the first submit; from then on errors follow the typing.
  const errors: FieldErrors<F> = attempts > 0 && !result.ok ? result.errors : {};

  useEffect(() => {
    if (attempts === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.kind === 'submitting') return;
    setAttempts((count) => count + 1);
    if (!result.ok) return;
    setState({ kind: 'submitting' });
    const answer = await postJson(url, result.request, ControlAcceptedSchema);
    if (!answer.ok) {
      setState({ kind: 'refused', error: answer.error });
      return;
    }
    // Stays "submitting" until the call page replaces this one.
    router.push(callPath(answer.data.callId));
  }

  const submitting = state.kind === 'submitting';
  return (
    <form ref={form} noValidate onSubmit={(event) => void submit(event)} className="flex min-h-0 flex-col">
      <div className="min-h-0 space-y-4 overflow-y-auto px-5 py-4">
        {children(errors)}
        {errors.form !== undefined && (
          <p data-testid={`${prefix}.form-error`} className="text-sm text-orange-800">
            {errors.form}
          </p>
        )}
      </div>
      {/* Outside the scrolling body, so the answer is in view whatever the supervisor scrolled to. */}
      {state.kind === 'refused' && (
        <p
          data-testid={`${prefix}.error`}
          data-code={state.error.code}
          role="alert"
          className="border-t border-orange-200 bg-orange-50 px-5 py-2 text-sm text-orange-950"
        >
          <span className="font-semibold">Not accepted:</span>{' '}
          <code className="rounded bg-orange-100 px-1 py-0.5 font-mono text-xs">{state.error.code}</code> {state.error.message}
        </p>
      )}
      <footer className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button
          type="button"
          data-testid={`${prefix}.cancel`}
          onClick={onCancel}
          className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Cancel
        </button>
        <button
          type="submit"
          data-testid={`${prefix}.submit`}
          disabled={submitting}
          aria-busy={submitting}
          className="inline-flex h-8 items-center gap-1.5 rounded-md bg-slate-900 px-3 text-sm font-semibold text-white shadow-xs hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-70"
        >
          {submitting && <Spinner />}
          {submitting ? submittingLabel : submitLabel}
        </button>
      </footer>
    </form>
  );
}
