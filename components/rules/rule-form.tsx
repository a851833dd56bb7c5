'use client';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { CheckboxField, SelectField, TextField } from '@/components/ui/form-fields';
import { Spinner } from '@/components/ui/spinner';
import { checkRuleForm, fieldErrorsFromApi, unplacedErrors, type FieldErrors, type RuleFormValues } from '@/lib/rule-form';
import { RULE_KIND_LABEL, SEVERITY_LABEL } from '@/lib/rule-text';
import { ALERT_SEVERITIES, RULE_KINDS, type AlertSeverity, type Rule, type RuleInput, type RuleKind } from '@/lib/rules';
import type { TriageError, TriageResult } from '@/lib/triage-client';
import { RuleConditionFields } from './rule-condition-fields';
import { RuleTestPanel } from './rule-test-panel';
import { useRegexProblem } from './use-regex-problem';
import { WebhooksField } from './webhooks-field';

const SEVERITY_OPTIONS = ALERT_SEVERITIES.map((value) => ({ value, label: SEVERITY_LABEL[value] }));
const KIND_OPTIONS = RULE_KINDS.map((value) => ({ value, label: RULE_KIND_LABEL[value] }));

export interface RuleFormProps {
  initial: RuleFormValues;
  submitLabel: string;
  save: (input: RuleInput) => Promise<TriageResult<Rule>>;
  onSaved: (rule: Rule) => void;
  onCancel: () => void;
  nameRef?: RefObject<HTMLInputElement | null>;
}

type SubmitState = { kind: 'editing' } | { kind: 'saving' } | { kind: 'refused'; error: TriageError; fields: FieldErrors };

/**
 * Create or edit a rule. It checks with `RuleInputSchema` on submit (then on every change), and a 400 from the
 * server puts each of its `error.fields` under the field it names. Focus goes to the first field with a message.
 */
export function RuleForm({ initial, submitLabel, save, onSaved, onCancel, nameRef }: RuleFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [attempts, setAttempts] = useState(0);
  const [state, setState] = useState<SubmitState>({ kind: 'editing' });
  const [testing, setTesting] = useState(false);
  const schemaCheck = checkRuleForm(values);
  // RE2 refuses what the schema cannot see (lookaround, backreferences): said as soon as it is typed.
  const regexProblem = useRegexProblem(values.kind === 'phrases' ? values.regex : '');
  const check = regexProblem === null ? schemaCheck : { ok: false as const, errors: { ...(schemaCheck.ok ? {} : schemaCheck.errors), 'when.regex': regexProblem } };
  const clientErrors: FieldErrors = attempts > 0 && !check.ok ? check.errors : regexProblem !== null ? { 'when.regex': regexProblem } : {};
  // The server's messages stay until the next submit; the browser's own follow the typing.
  const errors: FieldErrors = state.kind === 'refused' ? { ...state.fields, ...clientErrors } : clientErrors;
  const unplaced = unplacedErrors(errors, values);

  useEffect(() => {
    if (attempts === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts, state.kind]);

  const change = (next: Partial<RuleFormValues>) => setValues((current) => ({ ...current, ...next }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.kind === 'saving') return;
    setAttempts((count) => count + 1);
    if (!check.ok) return;
    setState({ kind: 'saving' });
    const result = await save(check.input);
    if (result.ok) {
      onSaved(result.data);
      return;
    }
    setState({ kind: 'refused', error: result.error, fields: fieldErrorsFromApi(result.error.fields ?? []) });
  }

  const saving = state.kind === 'saving';
  return (
    <form ref={form} noValidate onSubmit={(event) => void submit(event)} className="flex min-h-0 flex-col" data-testid="rule-form">
      <div className="min-h-0 space-y-4 overflow-y-auto px-5 py-4">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
          <TextField inputRef={nameRef} label="Name" required value={values.name} onChange={(name) => change({ name })} testId="rule-form.name" error={errors.name} placeholder="Caller wants a refund" maxLength={80} />
          <SelectField<AlertSeverity> label="Severity" value={values.severity} options={SEVERITY_OPTIONS} onChange={(severity) => change({ severity })} testId="rule-form.severity" />
        </div>
        <SelectField<RuleKind> label="Fires when" value={values.kind} options={KIND_OPTIONS} onChange={(kind) => change({ kind })} testId="rule-form.kind" />
        <RuleConditionFields values={values} onChange={change} errors={errors} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Cooldown (seconds)"
            required
            inputMode="numeric"
            value={values.cooldownSeconds}
            onChange={(cooldownSeconds) => change({ cooldownSeconds })}
            testId="rule-form.cooldown"
            error={errors.cooldownSeconds}
            hint="After firing on a call, the rule stays quiet on that call this long (0 to 86400)."
          />
          <div className="pt-6">
            <CheckboxField label="Enabled" hint="A disabled rule never fires." checked={values.enabled} onChange={(enabled) => change({ enabled })} testId="rule-form.enabled" />
          </div>
        </div>
        <WebhooksField webhooks={values.webhooks} onChange={(webhooks) => change({ webhooks })} errors={errors} />
        <details className="rounded-md border border-slate-200" onToggle={(event) => setTesting(event.currentTarget.open)} data-testid="rule-form.tester">
          <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600">Try it on a past call before saving</summary>
          {/* Mounted only while open: it reads the recent calls when it mounts. Tried as if enabled. */}
          {testing &&
            (check.ok ? (
              <RuleTestPanel rule={{ ...check.input, enabled: true }} className="space-y-3 px-3 pb-3" />
            ) : (
              <p className="px-3 pb-3 text-sm text-slate-600">Fill in the fields above so that the rule is complete, then pick a call.</p>
            ))}
        </details>
        {unplaced.length > 0 && (
          <ul data-testid="rule-form.other-errors" className="list-disc space-y-0.5 pl-5 text-sm text-orange-800">
            {unplaced.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      {state.kind === 'refused' && (
        <p data-testid="rule-form.error" data-code={state.error.code} role="alert" className="border-t border-orange-200 bg-orange-50 px-5 py-2 text-sm text-orange-950">
          <span className="font-semibold">Not saved:</span> <code className="rounded bg-orange-100 px-1 py-0.5 font-mono text-xs">{state.error.code}</code> {state.error.message}
        </p>
      )}
      <footer className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button
          type="button"
          data-testid="rule-form.cancel"
          onClick={onCancel}
          className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Cancel
        </button>
        <button
          type="submit"
          data-testid="rule-form.submit"
          disabled={saving}
          aria-busy={saving}
          className="inline-flex h-8 items-center gap-1.5 rounded-md bg-slate-900 px-3 text-sm font-semibold text-white shadow-xs hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-70"
        >
          {saving && <Spinner />}
          {saving ? 'Saving…' : submitLabel}
        </button>
      </footer>
    </form>
  );
}
