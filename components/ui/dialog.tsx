import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

export interface DialogProps {
  open: boolean;
  /** Called for Escape and for every way the dialog closes itself; the parent then sets `open` to false. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Focused when the dialog opens; without it the browser focuses the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Focused when the dialog closes and the element that opened it is gone (a deleted row's button). */
  fallbackFocus?: RefObject<HTMLElement | null>;
  testId?: string;
  /** Width class; the dialog is full width on small screens up to this. */
  widthClassName?: string;
  /** `right`: a full-height drawer at the window's right edge, closed by a click beside it too. */
  placement?: 'center' | 'right';
}

const PLACEMENT_CLASS = {
  center: 'm-auto w-[calc(100%-2rem)] rounded-lg border',
  right: 'my-0 mr-0 ml-auto h-dvh max-h-dvh w-full border-l',
} as const;

/**
 * A modal built on `<dialog>`: `showModal()` makes the rest of the page inert, keeps Tab inside, and turns Escape
 * into a `close`. Its content mounts only while open, so a form starts fresh every time. Focus goes back to the
 * element that opened it.
 */
export function Dialog({ open, onClose, title, description, children, initialFocus, fallbackFocus, testId, widthClassName = 'max-w-lg', placement = 'center' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus?.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
      else fallbackFocus?.current?.focus();
    };
  }, [open, initialFocus, fallbackFocus]);

  return (
    <dialog
      ref={ref}
      data-testid={testId}
      aria-labelledby={titleId}
      aria-describedby={description !== undefined ? descriptionId : undefined}
      onClose={() => {
        if (open) onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself; its content is always inside a child element.
        if (placement === 'right' && event.target === event.currentTarget) ref.current?.close();
      }}
      className={`${PLACEMENT_CLASS[placement]} ${widthClassName} border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/40`}
    >
      {open && (
        <div className={`flex flex-col ${placement === 'right' ? 'h-full' : 'max-h-[calc(100dvh-4rem)]'}`}>
          {/* Not <header>: a dialog opened from the app header would nest a banner landmark in it. */}
          <div className="border-b border-slate-100 px-5 pt-4 pb-3">
            <h2 id={titleId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description !== undefined && (
              <p id={descriptionId} className="mt-0.5 text-sm text-slate-600">
                {description}
              </p>
            )}
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
