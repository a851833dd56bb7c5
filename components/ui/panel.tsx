import type { ReactNode } from 'react';

export interface PanelProps {
  title: ReactNode;
  /** Right-aligned header content: counts, legends. */
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  testId?: string;
}

export function Panel({ title, aside, children, className = '', bodyClassName = 'p-3', testId }: PanelProps) {
  return (
    <section data-testid={testId} className={`flex flex-col rounded-lg border border-slate-200 bg-white shadow-xs ${className}`}>
      <header className="flex items-center gap-2 border-b border-slate-100 px-3 py-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h2>
        {aside !== undefined && <div className="ml-auto flex items-center gap-2 text-xs text-slate-500">{aside}</div>}
      </header>
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}
