import { SeverityBadge } from '@/components/alerts/severity-badge';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { describeCondition, RULE_KIND_LABEL } from '@/lib/rule-text';
import type { Rule } from '@/lib/rules';
import { RuleEnabledSwitch } from './rule-enabled-switch';

export interface RuleListRowProps {
  rule: Rule;
  onEdit: (rule: Rule) => void;
  onTest: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
  onSaved: (rule: Rule) => void;
}

const ACTION_CLASS = 'rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600';

export function RuleListRow({ rule, onEdit, onTest, onDelete, onSaved }: RuleListRowProps) {
  const webhooks = rule.webhooks?.length ?? 0;
  // Rule writes are for admins; others can still test a rule (the reason shows on the page and as a tooltip).
  const manage = usePermission('manageRules');
  return (
    <tr data-testid="rules.row" data-rule-id={rule.id} className={rule.enabled ? '' : 'text-slate-500'}>
      <td className="px-3 py-2.5 align-top">
        <div className="font-semibold text-slate-900">{rule.name}</div>
        <div className="text-xs text-slate-500">{RULE_KIND_LABEL[rule.when.kind]}</div>
      </td>
      <td className="px-3 py-2.5 align-top text-sm text-slate-800" data-testid="rules.summary">
        {describeCondition(rule.when)}
        <div className="text-xs text-slate-500">
          Quiet {rule.cooldownSeconds} s after firing on a call{webhooks > 0 && ` · ${webhooks} ${webhooks === 1 ? 'webhook' : 'webhooks'}`}
        </div>
      </td>
      <td className="px-3 py-2.5 align-top">
        <SeverityBadge severity={rule.severity} />
      </td>
      <td className="px-3 py-2.5 align-top">
        <RuleEnabledSwitch rule={rule} onSaved={onSaved} disabledReason={manage.reason} />
      </td>
      <td className="px-3 py-2.5 align-top">
        <div className="flex justify-end gap-1.5 whitespace-nowrap">
          <button type="button" data-testid="rules.edit" aria-haspopup="dialog" aria-label={`Edit ${rule.name}`} onClick={() => onEdit(rule)} disabled={!manage.allowed} title={manage.reason ?? undefined} className={`${ACTION_CLASS} disabled:cursor-not-allowed disabled:opacity-50`}>
            Edit
          </button>
          <button type="button" data-testid="rules.test" aria-haspopup="dialog" aria-label={`Test ${rule.name} on a past call`} onClick={() => onTest(rule)} className={ACTION_CLASS}>
            Test
          </button>
          <button type="button" data-testid="rules.delete" aria-haspopup="dialog" aria-label={`Delete ${rule.name}`} onClick={() => onDelete(rule)} disabled={!manage.allowed} title={manage.reason ?? undefined} className={`${ACTION_CLASS} text-red-800 disabled:cursor-not-allowed disabled:opacity-50`}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
