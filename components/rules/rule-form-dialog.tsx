'use client';
import { useRef } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { formValuesFromRule, NEW_RULE_VALUES } from '@/lib/rule-form';
import type { Rule } from '@/lib/rules';
import { createRule, updateRule } from '@/lib/triage-client';
import { RuleForm } from './rule-form';

/** `new`: create one; a rule: edit it. */
export type RuleEditing = 'new' | Rule | null;

export interface RuleFormDialogProps {
  editing: RuleEditing;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
}

export function RuleFormDialog({ editing, onClose, onSaved }: RuleFormDialogProps) {
  const name = useRef<HTMLInputElement>(null);
  const rule = editing === 'new' ? null : editing;
  return (
    <Dialog
      open={editing !== null}
      onClose={onClose}
      title={rule === null ? 'New rule' : `Edit “${rule.name}”`}
      description="A rule watches every live call and raises an alert when its condition is met."
      testId="rule-form.dialog"
      widthClassName="max-w-2xl"
      initialFocus={name}
    >
      {editing !== null && (
        <RuleForm
          initial={rule === null ? NEW_RULE_VALUES : formValuesFromRule(rule)}
          submitLabel={rule === null ? 'Create rule' : 'Save changes'}
          save={(input) => (rule === null ? createRule(input) : updateRule(rule.id, input))}
          onSaved={(saved) => {
            onSaved(saved);
            onClose();
          }}
          onCancel={onClose}
          nameRef={name}
        />
      )}
    </Dialog>
  );
}
