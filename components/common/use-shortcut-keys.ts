'use client';

import { useEffect, useRef } from 'react';

/** Single-key shortcuts ("j", "k", "?"): handlers by `KeyboardEvent.key`. */
export type ShortcutHandlers = Partial<Record<string, (event: KeyboardEvent) => void>>;

/**
 * Page-wide single-key shortcuts, as in mail and issue trackers. A key typed into a field, with Ctrl / Alt / ⌘, or
 * while a dialog is open is left alone, so shortcuts never steal text or fight the browser's own keys.
 */
export function useShortcutKeys(handlers: ShortcutHandlers) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]') !== null) return;
      const handler = current.current[event.key];
      if (handler === undefined) return;
      event.preventDefault();
      handler(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}
