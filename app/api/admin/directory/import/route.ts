import { runDirectory } from '@/server/http/directory-route';

export const dynamic = 'force-dynamic';

/** A CSV body (`raw_id,display_name,kind,teams`): all rows upserted, or none with each bad row's line. */
export async function POST(request: Request) {
  return runDirectory(request, (admin, actor, body) => admin.importCsv(actor, typeof body === 'string' ? body : ''), { body: 'csv' });
}
