'use client';
import { useRef } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { ruleInputFromRule } from '@/lib/rule-input';
import type { Rule } from '@/lib/rules';
import { RuleTestPanel } from './rule-test-panel';

export interface RuleTestDialogProps {
  rule: Rule | null;
  onClose: () => void;
}

export function RuleTestDialog({ rule, onClose }: RuleTestDialogProps) {
  const call = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={rule !== null}
      onClose={onClose}
      title={rule !== null ? `Test “${rule.name}” on a past call` : 'Test a rule'}
      description="Runs the rule over a stored transcript, as if the call were live. Nothing is raised or sent."
      testId="rule-test.dialog"
      widthClassName="max-w-2xl"
      initialFocus={call}
    >
      {/* Tested even when disabled: that is how a rule is tried before it is turned on. */}
      {rule !== null && <RuleTestPanel rule={ruleInputFromRule(rule, { enabled: true })} callRef={call} />}
      <footer className="flex justify-end border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button
          type="button"
          onClick={onClose}
          className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Close
        </button>
      </footer>
    </Dialog>
  );
}
