import { runDirectory } from '@/server/http/directory-route';

export const dynamic = 'force-dynamic';

/** A page of directory entries by raw id: `?q=` (raw id or name contains, any case) and `?cursor=` (nextCursor). */
export async function GET(request: Request) {
  return runDirectory(request, (admin) => admin.list(new URL(request.url).searchParams));
}
