import { SESSION_COOKIE } from '@/lib/protocol';
import { clearedSessionCookie } from '@/server/auth/session-cookie';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';
import { cookies } from 'next/headers';

export const dynamic = 'force-dynamic';

export async function POST() {
  const runtime = getRuntime();
  await runtime.auth.logout((await cookies()).get(SESSION_COOKIE)?.value);
  const response = jsonResult(200, { ok: true, data: null });
  response.headers.append('set-cookie', clearedSessionCookie(runtime.cookies.secure));
  return response;
}
