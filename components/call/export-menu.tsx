import { usePermission } from '@/components/app-shell/permissions-provider';
import { DownloadMenu } from '@/components/common/download-menu';
import { callApiPath } from '@/lib/call-path';
import type { ExportFormat } from '@/lib/export/export-model';

export function exportUrl(callId: string, format: ExportFormat): string {
  return `${callApiPath(callId, 'export')}?format=${format}`;
}

/** The call page's Export menu: this call in any format. */
export function ExportMenu({ callId }: { callId: string }) {
  const { reason } = usePermission('export');
  return <DownloadMenu title="Export" listLabel="Download this call as" hrefFor={(format) => exportUrl(callId, format)} testId="export" disabledReason={reason} />;
}
