import type { CallRouteContext } from '@/server/http/control-route';
import { runExport } from '@/server/http/export-route';

export const dynamic = 'force-dynamic';

/** The call as a download: `?format=json|csv|txt|vtt|srt` (README, "Export"); written to the call's audit trail. */
export async function GET(request: Request, context: CallRouteContext) {
  return runExport(request, context);
}
