'use client';
import { useEffect, useState } from 'react';
import { CheckboxField } from '@/components/ui/form-fields';
import { chime } from './alert-chime';
import { useAlertPreferences } from './use-alert-preferences';

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Sound and desktop notifications for new alerts, per browser. The browser's notification permission is asked
 * here, from the supervisor's click, and never on load (browsers penalise sites that ask unprompted).
 */
export function AlertSettings() {
  const [preferences, update] = useAlertPreferences();
  const [permission, setPermission] = useState<Permission>('default');
  useEffect(() => setPermission(currentPermission()), []);

  async function setDesktop(checked: boolean) {
    if (!checked) {
      update({ desktop: false });
      return;
    }
    let granted = currentPermission();
    if (granted === 'default') granted = await Notification.requestPermission();
    setPermission(granted);
    update({ desktop: granted === 'granted' });
  }

  const desktopHint =
    permission === 'unsupported'
      ? 'This browser cannot show desktop notifications.'
      : permission === 'denied'
        ? 'Notifications are blocked for this site: allow them in the browser’s site settings.'
        : 'Shown while Earshot is in the background. The browser asks for permission first.';

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">New alerts in this browser</legend>
      <CheckboxField
        label="Play a sound"
        checked={preferences.sound}
        onChange={(sound) => {
          update({ sound });
          if (sound) chime('warning');
        }}
        testId="alert-settings.sound"
      />
      <CheckboxField label="Desktop notifications" hint={desktopHint} checked={preferences.desktop && permission === 'granted'} onChange={(checked) => void setDesktop(checked)} testId="alert-settings.desktop" />
    </fieldset>
  );
}
