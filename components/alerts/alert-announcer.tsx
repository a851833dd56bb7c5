'use client';
import { useEffect, useRef, useState } from 'react';
import { alertAnnouncement } from '@/lib/alerts-state';
import { useAlerts } from './alerts-provider';

/**
 * Reads each new alert to screen readers once: politely for info and warning, assertively (interrupting) for
 * critical. Both regions are in the page from the start, as live regions added with their text are often not read.
 */
export function AlertAnnouncer() {
  const { state } = useAlerts();
  const announced = useRef(new Set<string>());
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');

  useEffect(() => {
    // Oldest first, so that alerts that come together are read together, in the order they were raised.
    const politeNow: string[] = [];
    const assertiveNow: string[] = [];
    for (const alert of [...state.fresh].reverse()) {
      if (announced.current.has(alert.id)) continue;
      announced.current.add(alert.id);
      (alert.severity === 'critical' ? assertiveNow : politeNow).push(alertAnnouncement(alert));
    }
    if (politeNow.length > 0) setPolite(politeNow.join(' '));
    if (assertiveNow.length > 0) setAssertive(assertiveNow.join(' '));
  }, [state.fresh]);

  return (
    <>
      <div data-testid="alert-announcer.polite" aria-live="polite" aria-atomic="true" className="sr-only">
        {polite}
      </div>
      <div data-testid="alert-announcer.assertive" aria-live="assertive" aria-atomic="true" className="sr-only">
        {assertive}
      </div>
    </>
  );
}
