import { runBulkExport } from '@/server/http/bulk-export-route';

export const dynamic = 'force-dynamic';

/** Every call the filters match as one ZIP: `?format=json|csv|txt|vtt|srt` and the call history's filters (README, "Export"). */
export function GET(request: Request) {
  return runBulkExport(request);
}

/** Not offered: Next would answer HEAD by running GET, which writes an export nobody downloaded to the audit trail. */
export function HEAD() {
  return new Response(null, { status: 405, headers: { allow: 'GET' } });
}
