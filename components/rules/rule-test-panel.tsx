'use client';
import { useEffect, useId, useState, type RefObject } from 'react';
import { LineLink } from '@/components/common/line-link';
import { MaskedText } from '@/components/common/masked-text';
import { EmptyNote } from '@/components/ui/empty-note';
import { TextField } from '@/components/ui/form-fields';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime } from '@/lib/format-time';
import { alertCallPath } from '@/lib/line-link';
import type { RuleInput, RuleTestHit } from '@/lib/rules';
import { listRecentCalls, testRule, type PickableCall, type TriageError } from '@/lib/triage-client';

type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; callId: string; hits: RuleTestHit[] } | { kind: 'failed'; error: TriageError };

export interface RuleTestPanelProps {
  rule: RuleInput;
  callRef?: RefObject<HTMLInputElement | null>;
  className?: string;
}

function callLabel(call: PickableCall): string {
  const who = call.participants.map((participant) => participant.label).join(' · ') || 'no speaker yet';
  return `${who} — ${formatDateTime(call.startedAt)}, ${call.lastSeq} lines${call.state === 'disconnected' ? '' : ' (live)'}`;
}

/** Runs a rule over one stored call and lists where it would have fired, each hit linked to its line. */
export function RuleTestPanel({ rule, callRef, className = 'space-y-3 px-5 py-4' }: RuleTestPanelProps) {
  const listId = useId();
  const [callId, setCallId] = useState('');
  const [calls, setCalls] = useState<PickableCall[]>([]);
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let active = true;
    void listRecentCalls().then((result) => {
      if (active && result.ok) setCalls(result.data.calls);
    });
    return () => {
      active = false;
    };
  }, []);

  async function run() {
    const id = callId.trim();
    setMissing(id === '');
    if (id === '' || state.kind === 'running') return;
    setState({ kind: 'running' });
    const result = await testRule(rule, id);
    setState(result.ok ? { kind: 'done', callId: id, hits: result.data } : { kind: 'failed', error: result.error });
  }

  return (
    <div className={className}>
      {/* Not a <form>: the panel also sits inside the rule form, and forms do not nest. Enter in the field runs it. */}
      <div
        className="flex flex-wrap items-start gap-2"
        onKeyDown={(event) => {
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            void run();
          }
        }}
      >
        <TextField
          inputRef={callRef}
          label="Call"
          required
          mono
          value={callId}
          onChange={(value) => {
            setCallId(value);
            setMissing(false);
          }}
          testId="rule-test.call"
          list={listId}
          error={missing ? 'pick a recent call or type a call id' : undefined}
          hint={calls.length > 0 ? 'Pick one of the recent calls, or type any call id' : 'Type a call id'}
          className="min-w-0 flex-1"
        />
        <datalist id={listId}>
          {calls.map((call) => (
            <option key={call.callId} value={call.callId} label={callLabel(call)} />
          ))}
        </datalist>
        <button
          type="button"
          onClick={() => void run()}
          data-testid="rule-test.run"
          disabled={state.kind === 'running'}
          aria-busy={state.kind === 'running'}
          className="mt-6 inline-flex h-8 items-center gap-1.5 rounded-md bg-slate-900 px-3 text-sm font-semibold text-white shadow-xs hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-70"
        >
          {state.kind === 'running' && <Spinner />}
          Test
        </button>
      </div>
      <div aria-live="polite" data-testid="rule-test.result">
        {state.kind === 'failed' && (
          <p role="alert" className="text-sm text-orange-800">
            <code className="rounded bg-orange-100 px-1 py-0.5 font-mono text-xs">{state.error.code}</code> {state.error.message}
          </p>
        )}
        {state.kind === 'done' && state.hits.length === 0 && <EmptyNote>The rule would not have fired on this call.</EmptyNote>}
        {state.kind === 'done' && state.hits.length > 0 && (
          <>
            <p className="mb-2 text-sm text-slate-700">
              Would have fired {state.hits.length} {state.hits.length === 1 ? 'time' : 'times'} (the cooldown counted):
            </p>
            <ol className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {state.hits.map((hit, index) => (
                <li key={`${hit.at}-${index}`} data-testid="rule-test.hit" className="px-3 py-2 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <LineLink href={alertCallPath(state.callId, hit.seqs)} className="font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
                      {hit.seqs.length > 0 ? `Line ${Math.min(...hit.seqs)}` : 'Open the call'}
                    </LineLink>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">{hit.reason}</span>
                    <span className="ml-auto text-xs text-slate-500">{formatDateTime(hit.at)}</span>
                  </div>
                  {hit.text !== '' && (
                    <p className="mt-1 text-slate-800">
                      <MaskedText text={hit.text} />
                    </p>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
