import { useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';
import type { Availability, PendingItem } from '@/lib/call-controls';
import { ControlButton } from './control-button';
import { HangUpIcon } from './control-icons';

export interface HangUpControlProps {
  pending: PendingItem | null;
  availability: Availability;
  onConfirm: (forEveryone: boolean) => void;
}

/** Hang up, after a confirmation that also asks whether the call ends for everyone (the default) or only for Earshot. */
export function HangUpControl({ pending, availability, onConfirm }: HangUpControlProps) {
  const [open, setOpen] = useState(false);
  const [forEveryone, setForEveryone] = useState(true);
  const cancel = useRef<HTMLButtonElement>(null);

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOpen(false);
    onConfirm(forEveryone);
  }

  return (
    <>
      <ControlButton
        testId="controls.hangup"
        label="Hang up"
        icon={<HangUpIcon />}
        tone="danger"
        hasPopup="dialog"
        pending={pending}
        availability={availability}
        onClick={() => {
          setForEveryone(true);
          setOpen(true);
        }}
      />
      <Dialog
        open={open && availability.enabled}
        onClose={() => setOpen(false)}
        title="Hang up this call?"
        description="Earshot asks Azure Communication Services to end its part in the call."
        initialFocus={cancel}
        testId="controls.hangup-dialog"
        widthClassName="max-w-md"
      >
        <form onSubmit={confirm}>
          <fieldset className="space-y-2 px-5 py-4">
            <legend className="sr-only">Who leaves the call</legend>
            <ScopeOption
              testId="controls.hangup-everyone"
              checked={forEveryone}
              onSelect={() => setForEveryone(true)}
              title="For everyone"
              detail="Ends the call for every participant."
            />
            <ScopeOption
              testId="controls.hangup-earshot-only"
              checked={!forEveryone}
              onSelect={() => setForEveryone(false)}
              title="Only Earshot leaves"
              detail="The others stay connected; Earshot stops transcribing and cannot rejoin."
            />
          </fieldset>
          <footer className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
            <button
              ref={cancel}
              type="button"
              data-testid="controls.hangup-cancel"
              onClick={() => setOpen(false)}
              className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
            >
              Cancel
            </button>
            <button
              type="submit"
              data-testid="controls.hangup-confirm"
              className="h-8 rounded-md bg-red-600 px-3 text-sm font-semibold text-white shadow-xs hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
            >
              {forEveryone ? 'Hang up for everyone' : 'Leave the call'}
            </button>
          </footer>
        </form>
      </Dialog>
    </>
  );
}

interface ScopeOptionProps {
  testId: string;
  checked: boolean;
  onSelect: () => void;
  title: string;
  detail: string;
}

function ScopeOption({ testId, checked, onSelect, title, detail }: ScopeOptionProps) {
  return (
    <label
      className={`flex cursor-pointer gap-3 rounded-md px-3 py-2 ring-1 ring-inset ${checked ? 'bg-sky-50 ring-sky-300' : 'ring-slate-200 hover:bg-slate-50'}`}
    >
      <input type="radio" name="hang-up-scope" data-testid={testId} checked={checked} onChange={onSelect} className="mt-0.5 accent-sky-700" />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-600">{detail}</span>
      </span>
    </label>
  );
}
