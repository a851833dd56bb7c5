'use client';

import type { ReactNode } from 'react';
import { useNow } from '@/components/common/use-now';
import { pipelineNotice, type PipelineSubject, type PipelineTone } from '@/lib/pipeline-health';

const TONE_CLASS: Record<PipelineTone, string> = {
  warning: 'bg-amber-50 text-amber-900 ring-amber-300',
  critical: 'bg-red-50 text-red-800 ring-red-300',
};

/**
 * A call's transcript pipeline trouble, when there is any, ticking with the clock; `fallback` (or nothing) when the
 * pipeline is fine, so a fixed-height row can show one or the other in the same place.
 */
export function PipelineHealthChip({ call, testId = 'pipeline-health', fallback = null }: { call: PipelineSubject; testId?: string; fallback?: ReactNode }) {
  const notice = pipelineNotice(call, useNow());
  if (notice === null) return fallback;
  return (
    <span
      data-testid={testId}
      data-kind={notice.kind}
      title={notice.tone === 'critical' ? 'The transcript of this call has stopped' : 'The transcript of this call may have stalled'}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset ${TONE_CLASS[notice.tone]}`}
    >
      <span aria-hidden="true">{notice.tone === 'critical' ? '⚠' : '◔'}</span>
      {notice.text}
    </span>
  );
}
