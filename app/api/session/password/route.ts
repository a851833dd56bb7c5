import { changeOwnPassword } from '@/server/http/session-route';

export const dynamic = 'force-dynamic';

/** Change your own password: `{ currentPassword, newPassword }`. Rate-limited like login; your other sessions end. */
export async function POST(request: Request) {
  return changeOwnPassword(request);
}
