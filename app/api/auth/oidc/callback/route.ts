import { finishOidc } from '@/server/http/oidc-route';

export const dynamic = 'force-dynamic';

/** The identity provider's redirect back: signs in and redirects to where the sign-in started, or to /login with an error. */
export async function GET(request: Request) {
  return finishOidc(request);
}
