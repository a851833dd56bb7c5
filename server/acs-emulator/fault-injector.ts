/**
 * Planned failures, so tests and demos can show what the app does when ACS fails. A fault names an operation and is
 * consumed by the next `times` matching requests (optionally only for one call):
 * - `mode: "sync"` (default): the request itself fails with `status` and an ACS error body `{code, message}`;
 * - `mode: "async"`: the request succeeds, then the operation fails through its callback event (CreateCallFailed,
 *   AnswerFailed, ConnectFailed, TranscriptionFailed, or a failed TranscriptionCallSummaryUpdated) with
 *   `resultInformation {code: status, subCode, message}`;
 * - `mode: "silent"` (transcription operations and summarizeCall): the request is accepted and then nothing happens —
 *   no confirming event, as when a callback is lost — so the app's wait for a confirmation can be seen to end;
 * - `transportConnect`: the next transcription stream connection fails as if the transport URL were unreachable.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const FAULT_OPERATIONS = [
  'startTranscription',
  'stopTranscription',
  'updateTranscription',
  'summarizeCall',
  'createCall',
  'answerCall',
  'connectCall',
  'hangUp',
  'transportConnect',
] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

export const FaultSpecSchema = z.strictObject({
  operation: z.enum(FAULT_OPERATIONS),
  status: z.number().int().min(400).max(599).default(500),
  code: z.string().min(1).max(64).default('InternalError'),
  message: z.string().min(1).max(500).default('Injected fault.'),
  /** For async failures: `resultInformation.subCode`. Defaults to `code` when that is numeric, else 0. */
  subCode: z.number().int().nonnegative().optional(),
  times: z.number().int().min(1).max(10_000).default(1),
  mode: z.enum(['sync', 'async', 'silent']).default('sync'),
  /** Only requests for this call connection consume the fault. */
  callConnectionId: z.string().min(1).max(256).optional(),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;
export type Fault = z.output<typeof FaultSpecSchema> & { id: string; remaining: number };

export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const parsed = FaultSpecSchema.parse(spec);
    const fault: Fault = { ...parsed, id: randomUUID(), remaining: parsed.times };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Consumes one use of the oldest fault matching the operation (and call, when the fault names one). */
  take(operation: FaultOperation, callConnectionId?: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.operation === operation &&
        (candidate.callConnectionId === undefined || candidate.callConnectionId === callConnectionId),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}

export function faultResultInformation(fault: Fault): { code: number; subCode: number; message: string } {
  const numericCode = /^\d+$/.test(fault.code) ? Number(fault.code) : 0;
  return { code: fault.status, subCode: fault.subCode ?? numericCode, message: fault.message };
}
