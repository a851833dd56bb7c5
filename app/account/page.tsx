import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';

export const metadata: Metadata = { title: 'Account' };

export default function AccountPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <h1 className="text-lg font-semibold text-slate-900">Your account</h1>
      <ChangePasswordForm />
    </div>
  );
}
