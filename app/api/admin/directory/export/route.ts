import { directoryExport } from '@/server/http/directory-route';

export const dynamic = 'force-dynamic';

/** The whole directory as CSV, in the import's format. */
export async function GET(request: Request) {
  return directoryExport(request, new Date());
}
