/**
 * Why a single sign-on ended on the login page (`/login?error=<code>`). Only these codes are shown, each with its
 * own fixed text: nothing from the URL is ever displayed, so the link cannot be used to put words on the page.
 */
export const SIGN_IN_ERRORS = {
  access_denied: 'Sign-in was cancelled or refused at the identity provider.',
  expired: 'The sign-in took too long or was started in another tab. Try again.',
  invalid_response: 'The identity provider’s answer could not be verified. Try again.',
  replayed: 'That sign-in link was already used. Sign in again.',
  provider_unavailable: 'The identity provider could not be reached. Try again in a moment.',
  no_role: 'Your account has no Earshot role. Ask an administrator to assign you one (Earshot.Admin, Earshot.Supervisor or Earshot.Viewer).',
  no_username: 'The identity provider did not send a usable name for your account (preferred_username, email or name).',
  disabled: 'Your Earshot account is disabled. Ask an administrator.',
  failed: 'Sign-in failed. Try again, or ask an administrator to check the server log.',
} as const;

export type SignInError = keyof typeof SIGN_IN_ERRORS;

export function signInErrorMessage(code: string | string[] | undefined): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  return value !== undefined && Object.hasOwn(SIGN_IN_ERRORS, value) ? SIGN_IN_ERRORS[value as SignInError] : null;
}
