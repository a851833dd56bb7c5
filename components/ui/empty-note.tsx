import type { ReactNode } from 'react';

export interface EmptyNoteProps {
  children: ReactNode;
}

/** The quiet "nothing here yet" line inside a panel. */
export function EmptyNote({ children }: EmptyNoteProps) {
  return <p className="py-3 text-center text-sm text-slate-500">{children}</p>;
}
