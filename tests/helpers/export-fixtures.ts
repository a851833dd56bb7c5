/** A call with awkward lines (scripts, emoji, CSV and caption syntax, masking, odd speakers) for the export tests. */
import type { ExportSource } from '../../lib/export/export-model';
import type { Annotation, AuditEntry, CallSummaryRecord, FinalLine, Speaker } from '../../lib/protocol';
import type { Alert } from '../../lib/rules';
import { callDetail } from './call-fixtures';

export const AGENT: Speaker = { rawId: '8:acs:agent_1', kind: 'communicationUser', label: 'Agent <A&B> "Sam"' };
export const CALLER: Speaker = { rawId: '4:+34910000000', kind: 'phoneNumber', label: '+34 910 000 000' };
export const FORMULA: Speaker = { rawId: 'unknown', kind: 'unknown', label: '=cmd|calc' };

/** [speaker, text, offsetMs, durationMs] per line; seq follows the order. */
const LINES: [Speaker, string, number, number][] = [
  [AGENT, 'Hello, how can I help?', 1_000, 1_500],
  [CALLER, 'Quiero cancelar la garantía, señor — ¿está bien?', 3_200, 2_750],
  [AGENT, 'नमस्ते, आपका खाता संख्या क्या है? 🙏👍🏽', 6_500, 0],
  [CALLER, 'My card is **** **** **** 1234, "quoted", and a comma', 9_000, -40],
  [FORMULA, '=HYPERLINK("http://evil")', 12_000, 800],
  [AGENT, 'Two lines:\nfirst\r\n\r\nsecond --> arrow <b>not bold</b> & more', 3_723_456, 1_000],
  [CALLER, '-5 +3 @home', 3_725_000, 1_200],
];

export function exportLines(callId = 'call/é 1'): FinalLine[] {
  return LINES.map(([speaker, text, offsetMs, durationMs], index) => ({
    status: 'final',
    callId,
    seq: index + 1,
    utteranceId: `u${index + 1}`,
    speaker,
    text,
    offsetMs,
    durationMs,
    confidence: 0.9,
    sentiment: index === 1 ? 'negative' : 'neutral',
    language: index === 1 ? 'es-ES' : index === 2 ? 'hi-IN' : 'en-US',
    piiMasked: text.includes('*'),
    receivedAt: 1_700_000_000_000 + index,
  }));
}

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export function exportSource(overrides: Partial<ExportSource> & { lines?: FinalLine[] } = {}): ExportSource {
  const callId = 'call/é 1';
  const lines = overrides.lines ?? exportLines(callId);
  const summaries: CallSummaryRecord[] = [{ id: 's1', callId, kind: 'end-of-call', text: 'Caller wants to cancel; card ****.', locale: 'en-US', operationContext: null, createdAt: 1_700_000_100_000 }];
  const annotations: Annotation[] = [
    { id: 'a1', callId, seq: 2, kind: 'bookmark', text: null, author: 'kim', createdAt: 1_700_000_050_000 },
    { id: 'a2', callId, seq: 2, kind: 'note', text: 'Escalate, "now", please', author: 'sam', createdAt: 1_700_000_060_000 },
    { id: 'a3', callId, seq: null, kind: 'note', text: 'Whole call: follow up 👍', author: 'kim', createdAt: 1_700_000_070_000 },
  ];
  const audit: AuditEntry[] = [{ id: 'e1', callId, at: 1_700_000_200_000, actor: 'sam', action: 'export', operationContext: null, outcome: 'confirmed', detail: 'format json' }];
  const alerts: Alert[] = [
    { id: 'al1', ruleId: 'r1', ruleName: 'Cancel', severity: 'warning', kind: 'phrases', callId, seqs: [2], text: lines[1]?.text ?? '', reason: 'said “cancelar”', at: 1_700_000_040_000, state: 'open', acknowledgedBy: null, acknowledgedAt: null },
  ];
  return {
    call: callDetail({ callId, startedAt: Date.UTC(2026, 11, 2, 9, 30), lastSeq: lines.length, participants: [AGENT, CALLER, FORMULA] }),
    summaries,
    alerts,
    annotations,
    audit,
    exportedAt: Date.UTC(2026, 11, 2, 10, 0),
    exportedBy: 'sam',
    ...overrides,
    segments: overrides.segments ?? iterate(lines),
  };
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
