'use client';

import { useShortcutKeys } from '@/components/common/use-shortcut-keys';
import { useAlerts } from './alerts-provider';

/**
 * `a` acknowledges the newest open alert of the selected call (the list's current row, the wall's selected tile), so
 * a supervisor can work through the calls that need them without the mouse.
 */
export function useAcknowledgeKey(selectedCallId: () => string | null) {
  const { state, acknowledge } = useAlerts();
  useShortcutKeys({
    a: () => {
      const callId = selectedCallId();
      const alert = callId === null ? undefined : state.open.find((open) => open.callId === callId);
      if (alert !== undefined) void acknowledge(alert.id);
    },
  });
}
