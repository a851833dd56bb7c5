/**
 * `format=json`: the `earshot.call-export` document (call-export-schema.ts), written as it streams: the header, one
 * segment per chunk, then the summaries, alerts, annotations and audit trail. JSON.stringify escapes everything.
 */
import { CALL_EXPORT_SCHEMA, CALL_EXPORT_VERSION } from './call-export-schema';
import { toExportedCall, toExportedSegment, type ExportSource } from './export-model';

export async function* jsonExport(source: ExportSource): AsyncGenerator<string> {
  const head = { schema: CALL_EXPORT_SCHEMA, version: CALL_EXPORT_VERSION, exportedAt: source.exportedAt, exportedBy: source.exportedBy, call: toExportedCall(source.call) };
  // The head's closing brace is replaced by the segments array, so the key order is the schema's.
  yield `${JSON.stringify(head).slice(0, -1)},"segments":[`;
  let first = true;
  for await (const line of source.segments) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(toExportedSegment(line))}`;
    first = false;
  }
  const tail = {
    summaries: source.summaries.map(({ id, kind, text, locale, createdAt }) => ({ id, kind, text, locale, createdAt })),
    alerts: source.alerts.map(({ callId: _callId, ...alert }) => alert),
    annotations: source.annotations.map(({ callId: _callId, ...annotation }) => annotation),
    audit: source.audit.map(({ callId: _callId, ...entry }) => entry),
  };
  yield `\n],${JSON.stringify(tail).slice(1)}\n`;
}
