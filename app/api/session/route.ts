import { sessionView } from '@/server/http/session-route';

export const dynamic = 'force-dynamic';

/** Who is logged in, their role and what it permits (SessionView in lib/users.ts): the UI disables the rest. */
export async function GET(request: Request) {
  return sessionView(request);
}
