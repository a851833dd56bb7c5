'use client';
import { useState, type FormEvent } from 'react';
import { AdminButton, FormError } from '@/components/admin/admin-button';
import { TextField } from '@/components/ui/form-fields';
import { changeOwnPassword, fieldErrors } from '@/lib/admin-client';
import { MIN_PASSWORD_CHARS } from '@/lib/users';

/** Change your own password; your other sessions (other browsers) are logged out, this one stays. */
export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setDone(false);
    const result = await changeOwnPassword(current, next);
    setBusy(false);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      setErrors(byField);
      setFailure(Object.keys(byField).length > 0 ? null : result.error.message);
      return;
    }
    setCurrent('');
    setNext('');
    setErrors({});
    setFailure(null);
    setDone(true);
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Change password" data-testid="account.password-form" className="max-w-sm space-y-3">
      <TextField label="Current password" type="password" value={current} onChange={setCurrent} testId="account.current" error={errors.currentPassword} required autoComplete="current-password" />
      <TextField
        label="New password"
        type="password"
        value={next}
        onChange={setNext}
        testId="account.new"
        error={errors.newPassword}
        hint={`At least ${MIN_PASSWORD_CHARS} characters.`}
        required
        autoComplete="new-password"
      />
      <div className="flex items-center gap-3">
        <AdminButton type="submit" tone="primary" disabled={busy} testId="account.submit">
          Change password
        </AdminButton>
        <FormError message={failure} testId="account.error" />
        {done && (
          <p role="status" data-testid="account.done" className="text-sm text-emerald-800">
            Password changed. Your other sessions were logged out.
          </p>
        )}
      </div>
    </form>
  );
}
