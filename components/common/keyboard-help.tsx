'use client';

import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { useShortcutKeys } from './use-shortcut-keys';

export interface ShortcutDescription {
  keys: string[];
  does: string;
}

/** `?` opens the list of this page's keys (Escape closes it). */
export function KeyboardHelp({ shortcuts }: { shortcuts: readonly ShortcutDescription[] }) {
  const [open, setOpen] = useState(false);
  useShortcutKeys({ '?': () => setOpen(true) });
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" testId="keyboard-help" widthClassName="max-w-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 px-5 py-4 text-sm">
        {shortcuts.map((shortcut) => (
          <div key={shortcut.does} className="contents">
            <dt className="flex gap-1">
              {shortcut.keys.map((key) => (
                <kbd key={key} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd className="text-slate-700">{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <div className="flex justify-end border-t border-slate-100 px-5 py-3">
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Close
        </button>
      </div>
    </Dialog>
  );
}
