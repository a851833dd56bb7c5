'use client';
import { useState } from 'react';
import { ruleInputFromRule } from '@/lib/rule-input';
import type { Rule } from '@/lib/rules';
import { updateRule } from '@/lib/triage-client';

export interface RuleEnabledSwitchProps {
  rule: Rule;
  onSaved: (rule: Rule) => void;
  /** Why this user may not change rules (their role), or null. */
  disabledReason?: string | null;
}

/** On / off for one rule, saved at once (the whole rule goes back with `enabled` flipped: the API has only PUT). */
export function RuleEnabledSwitch({ rule, onSaved, disabledReason = null }: RuleEnabledSwitchProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle() {
    setPending(true);
    setError(null);
    const result = await updateRule(rule.id, ruleInputFromRule(rule, { enabled: !rule.enabled }));
    setPending(false);
    if (result.ok) onSaved(result.data);
    else setError(result.error.message);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={rule.enabled}
        aria-label={`Enabled: ${rule.name}`}
        data-testid="rules.enabled"
        disabled={pending || disabledReason !== null}
        title={disabledReason ?? undefined}
        onClick={() => void toggle()}
        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 ${rule.enabled ? 'bg-emerald-700' : 'bg-slate-400'}`}
      >
        <span aria-hidden="true" className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${rule.enabled ? 'translate-x-4.5' : 'translate-x-0.5'}`} />
      </button>
      <span className="text-xs text-slate-700">{rule.enabled ? 'On' : 'Off'}</span>
      {error !== null && (
        <span role="alert" className="text-xs text-orange-800">
          {error}
        </span>
      )}
    </span>
  );
}
