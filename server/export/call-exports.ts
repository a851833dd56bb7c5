/**
 * `GET /api/calls/{id}/export?format=`: checks the request, writes the export to the call's audit trail (pushed to
 * the call page like any audit entry), then hands back the file as a stream of text with its name and type.
 */
import { z } from 'zod';
import { exportCall, exportContentType, exportFileName, exportFileNameUnicode } from '../../lib/export/export-call';
import { ExportFormatSchema, type ExportFormat } from '../../lib/export/export-model';
import type { ApiError } from '../../lib/protocol';
import type { CallService } from '../calls/call-service';
import type { Logger } from '../log';
import { invalidRequest, zodIssues } from '../rules/rule-validation';
import type { CallStore } from '../store/call-store';
import { auditExport, loadExportSource } from './export-source';

export interface ExportFile {
  format: ExportFormat;
  /** ASCII only, for `filename=`. */
  fileName: string;
  /** The name with the call id's own letters, for `filename*`. */
  fileNameUnicode: string;
  contentType: string;
  body: AsyncIterable<string>;
}

export type ExportAnswer = { ok: true; file: ExportFile } | { ok: false; status: number; error: ApiError };

const ExportQuerySchema = z.object({ format: ExportFormatSchema });

export interface CallExportsOptions {
  store: CallStore;
  calls: Pick<CallService, 'getCall' | 'addAudit'> & Partial<Pick<CallService, 'names'>>;
  now: () => number;
  log: Logger;
}

export class CallExports {
  constructor(private readonly options: CallExportsOptions) {}

  /** `query`: the request's search parameters (`format` is the one read). */
  async start(actor: string, callId: string, query: URLSearchParams): Promise<ExportAnswer> {
    const parsed = ExportQuerySchema.safeParse({ format: query.get('format') ?? undefined });
    if (!parsed.success) return { ok: false, status: 400, error: invalidRequest(zodIssues(parsed.error)) };
    const { format } = parsed.data;
    const now = this.options.now();
    const source = await loadExportSource(this.options, callId, actor, now);
    if (source === null) return { ok: false, status: 404, error: { code: 'not_found', message: `No call ${callId}.` } };
    await auditExport(this.options.calls, source, `format ${format}`);
    return {
      ok: true,
      file: {
        format,
        fileName: exportFileName(source.call, format),
        fileNameUnicode: exportFileNameUnicode(source.call, format),
        contentType: exportContentType(format),
        body: this.logged(exportCall(format, source), callId, format),
      },
    };
  }

  /** A store failure mid-download cuts the file (the browser reports a failed download); the log says which call. */
  private async *logged(body: AsyncIterable<string>, callId: string, format: ExportFormat): AsyncGenerator<string> {
    try {
      yield* body;
    } catch (error) {
      this.options.log.error({ err: error, callId, format }, 'export failed while streaming');
      throw error;
    }
  }
}
