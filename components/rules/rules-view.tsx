'use client';
import { useRef, useState } from 'react';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { EmptyNote } from '@/components/ui/empty-note';
import type { Rule } from '@/lib/rules';
import { DeleteRuleDialog } from './delete-rule-dialog';
import { RuleFormDialog, type RuleEditing } from './rule-form-dialog';
import { RuleListRow } from './rule-list-row';
import { RuleTestDialog } from './rule-test-dialog';
import { useRules } from './use-rules';

/** The `/rules` page: every alert rule, with create, edit, on / off, test on a past call, and delete. */
export function RulesView() {
  const { state, reload, put, remove } = useRules();
  const [editing, setEditing] = useState<RuleEditing>(null);
  const [testing, setTesting] = useState<Rule | null>(null);
  const manage = usePermission('manageRules');
  const [deleting, setDeleting] = useState<Rule | null>(null);
  // The Delete button that opened the dialog goes with its row: focus then lands on New rule, not the page's start.
  const newRule = useRef<HTMLButtonElement>(null);

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-lg font-semibold text-slate-900">Rules</h1>
        {state.loaded && (
          <p className="text-sm text-slate-600" data-testid="rules.counts">
            {state.rules.filter((rule) => rule.enabled).length} of {state.rules.length} on
          </p>
        )}
        <button
          ref={newRule}
          type="button"
          data-testid="rules.new"
          aria-haspopup="dialog"
          onClick={() => setEditing('new')}
          disabled={!manage.allowed}
          title={manage.reason ?? undefined}
          className="ml-auto inline-flex h-8 disabled:cursor-not-allowed disabled:opacity-50 items-center rounded-md bg-slate-900 px-3 text-sm font-semibold text-white shadow-xs hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          New rule
        </button>
        {!manage.allowed && (
          <p data-testid="rules.no-permission" className="w-full text-right text-xs text-slate-600">
            {manage.reason}
          </p>
        )}
      </div>
      {state.error !== null && (
        <p role="alert" className="text-sm text-orange-800">
          Could not load the rules: {state.error.message}{' '}
          <button type="button" onClick={() => void reload()} className="font-medium underline underline-offset-2">
            Try again
          </button>
        </p>
      )}
      {!state.loaded ? (
        state.error === null && (
          <p role="status" className="text-sm text-slate-500">
            Loading rules…
          </p>
        )
      ) : state.rules.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <EmptyNote>No rules yet. Create one to be alerted when a call needs you.</EmptyNote>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table data-testid="rules.table" className="w-full text-left">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Fires when
                </th>
                <th scope="col" className="px-3 py-2">
                  Severity
                </th>
                <th scope="col" className="px-3 py-2">
                  Enabled
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {state.rules.map((rule) => (
                <RuleListRow key={rule.id} rule={rule} onEdit={setEditing} onTest={setTesting} onDelete={setDeleting} onSaved={put} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RuleFormDialog editing={editing} onClose={() => setEditing(null)} onSaved={put} />
      <RuleTestDialog rule={testing} onClose={() => setTesting(null)} />
      <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} onDeleted={remove} afterDelete={newRule} />
    </div>
  );
}
