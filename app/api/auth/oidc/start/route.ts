import { startOidc } from '@/server/http/oidc-route';

export const dynamic = 'force-dynamic';

/** Single sign-on: redirects to the identity provider (`?next=/path` is where to land afterwards). */
export async function GET(request: Request) {
  return startOidc(request);
}
