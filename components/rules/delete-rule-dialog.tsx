'use client';
import { useRef, useState, type RefObject } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Spinner } from '@/components/ui/spinner';
import type { Rule } from '@/lib/rules';
import { deleteRule } from '@/lib/triage-client';

export interface DeleteRuleDialogProps {
  rule: Rule | null;
  onClose: () => void;
  onDeleted: (id: string) => void;
  /** Where focus goes once the rule's row (with the Delete button that opened this) is gone. */
  afterDelete?: RefObject<HTMLElement | null>;
}

/** Confirms a delete. Focus starts on Cancel, so Enter on an accidental open does not delete. */
export function DeleteRuleDialog({ rule, onClose, onDeleted, afterDelete }: DeleteRuleDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog open={rule !== null} onClose={onClose} title="Delete this rule?" testId="delete-rule.dialog" initialFocus={cancel} fallbackFocus={afterDelete}>
      {rule !== null && <DeleteRuleBody rule={rule} onClose={onClose} onDeleted={onDeleted} cancelRef={cancel} />}
    </Dialog>
  );
}

function DeleteRuleBody({ rule, onClose, onDeleted, cancelRef }: { rule: Rule; onClose: () => void; onDeleted: (id: string) => void; cancelRef: RefObject<HTMLButtonElement | null> }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    const result = await deleteRule(rule.id);
    setPending(false);
    // Already gone (another supervisor deleted it): the outcome asked for.
    if (result.ok || result.error.code === 'not_found') {
      onDeleted(rule.id);
      onClose();
    } else setError(result.error.message);
  }

  return (
    <>
      <div className="space-y-2 px-5 py-4 text-sm text-slate-700">
        <p>
          <span className="font-semibold text-slate-900">{rule.name}</span> stops firing for every supervisor. Alerts it already raised stay in the inbox.
        </p>
        {error !== null && (
          <p role="alert" className="text-orange-800">
            Not deleted: {error}
          </p>
        )}
      </div>
      <footer className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button
          ref={cancelRef}
          type="button"
          onClick={onClose}
          className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Cancel
        </button>
        <button
          type="button"
          data-testid="delete-rule.confirm"
          disabled={pending}
          aria-busy={pending}
          onClick={() => void confirm()}
          className="inline-flex h-8 items-center gap-1.5 rounded-md bg-red-700 px-3 text-sm font-semibold text-white shadow-xs hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-70"
        >
          {pending && <Spinner />}
          Delete rule
        </button>
      </footer>
    </>
  );
}
