import type { ReactNode } from 'react';
import { TRANSCRIPTION_TEXT } from '@/components/common/call-status-badges';
import { EmptyNote } from '@/components/ui/empty-note';
import { Panel } from '@/components/ui/panel';
import { formatDateTime } from '@/lib/format-time';
import type { CallDetail, CallState } from '@/lib/protocol';

const STATE_TEXT: Record<CallState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  disconnected: 'Disconnected',
};

export interface MetadataPanelProps {
  call: CallDetail | null;
}

/** What ACS said about the transcription, and how much of it Earshot accepted. */
export function MetadataPanel({ call }: MetadataPanelProps) {
  return (
    <Panel title="Details" testId="metadata.panel">
      {call === null ? <EmptyNote>Loading…</EmptyNote> : <MetadataList call={call} />}
    </Panel>
  );
}

function MetadataList({ call }: { call: CallDetail }) {
  const { metadata, ingest } = call;
  const rejected = Object.entries(ingest.rejected).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0);
  const pii = metadata.piiRedaction;
  return (
    <dl className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-xs">
      <Item label="State">{STATE_TEXT[call.state]}</Item>
      <Item label="Transcription">{TRANSCRIPTION_TEXT[call.transcription]}</Item>
      <Item label="Started">{formatDateTime(call.startedAt)}</Item>
      {call.endedAt !== null && <Item label="Ended">{formatDateTime(call.endedAt)}</Item>}
      <Item label="Locale">{call.locale ?? '—'}</Item>
      <Item label="Locales">{metadata.locales.length > 0 ? metadata.locales.join(', ') : '—'}</Item>
      <Item label="Detected language">{call.detectedLanguage ?? '—'}</Item>
      <Item label="Sentiment analysis">{metadata.sentimentAnalysis === null ? 'Not reported' : metadata.sentimentAnalysis ? 'On' : 'Off'}</Item>
      <Item label="PII redaction">{pii === null ? 'Not reported' : pii.enabled ? `On${pii.redactionType ? ` · ${pii.redactionType}` : ''}` : 'Off'}</Item>
      <Item label="Redacted lines">{call.piiLineCount}</Item>
      <Item label="Custom speech model" mono>
        {metadata.speechModelEndpointId ?? 'None (default model)'}
      </Item>
      <Item label="Correlation id" mono>
        {metadata.correlationId ?? '—'}
      </Item>
      <Item label="Subscription id" mono>
        {metadata.subscriptionId ?? '—'}
      </Item>
      {call.lastError !== null && (
        <Item label="Last ACS error">
          <span className="text-orange-800">
            {call.lastError.message} <span className="font-mono text-[11px]">({call.lastError.code})</span>
          </span>
        </Item>
      )}
      <Item label="Packets accepted">{ingest.accepted}</Item>
      <Item label="Packets rejected">
        {rejected.length === 0 ? (
          '0'
        ) : (
          <ul>
            {rejected.map(([reason, count]) => (
              <li key={reason}>
                <span className="font-mono">{reason}</span>: {count}
              </li>
            ))}
          </ul>
        )}
      </Item>
    </dl>
  );
}

function Item({ label, mono = false, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className={`min-w-0 text-slate-900 ${mono ? 'font-mono text-[11px] break-all' : ''}`}>{children}</dd>
    </>
  );
}
