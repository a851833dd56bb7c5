import type { CallRouteContext } from '@/server/http/control-route';
import { runExport } from '@/server/http/export-route';

export const dynamic = 'force-dynamic';

/** The call as a download: `?format=json|csv|txt|vtt|srt` (README, "Export"); written to the call's audit trail. */
export async function GET(request: Request, context: CallRouteContext) {
  return runExport(request, context);
}

/** Not offered: Next would answer HEAD by running GET, which writes an export nobody downloaded to the audit trail. */
export function HEAD() {
  return new Response(null, { status: 405, headers: { allow: 'GET' } });
}
