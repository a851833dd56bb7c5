import { LoginForm } from './login-form';

export interface LoginPanelProps {
  next: string;
}

export function LoginPanel({ next }: LoginPanelProps) {
  return (
    <div className="flex min-h-full items-start justify-center px-4 pt-[12vh]">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">Log in to Earshot</h1>
        <p className="mt-1 mb-5 text-sm text-slate-600">Supervisors only. Your session stays signed in on this browser until you log out.</p>
        <LoginForm next={next} />
      </div>
    </div>
  );
}
