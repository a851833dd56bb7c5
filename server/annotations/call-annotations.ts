/**
 * Bookmarks and notes on calls, as the HTTP API uses them: validated, bounded per call, stored, then pushed to every
 * browser watching the call (on any instance, through the socket.io adapter). Only a note's author may delete it.
 * Answers carry their HTTP status and the `Result` envelope, so route handlers stay one line.
 */
import { randomUUID } from 'node:crypto';
import { AnnotationInputSchema, MAX_ANNOTATIONS_PER_CALL, type Annotation, type AnnotationRemoved, type Result } from '../../lib/protocol';
import { invalidRequest, zodIssues } from '../rules/rule-validation';
import type { CallStore } from '../store/call-store';

export interface AnnotationAnswer<T> {
  status: number;
  result: Result<T>;
}

export interface AnnotationBroadcaster {
  added(annotation: Annotation): void;
  removed(removed: AnnotationRemoved): void;
}

export interface CallAnnotationsOptions {
  store: CallStore;
  broadcaster: AnnotationBroadcaster;
  now: () => number;
}

const ok = <T>(status: number, data: T): AnnotationAnswer<T> => ({ status, result: { ok: true, data } });
const refuse = <T>(status: number, code: string, message: string): AnnotationAnswer<T> => ({ status, result: { ok: false, error: { code, message } } });
const noCall = <T>(callId: string): AnnotationAnswer<T> => refuse(404, 'not_found', `No call ${callId}.`);

export class CallAnnotations {
  constructor(private readonly options: CallAnnotationsOptions) {}

  /** Oldest first. */
  async list(callId: string): Promise<AnnotationAnswer<{ annotations: Annotation[] }>> {
    if ((await this.options.store.getCall(callId)) === null) return noCall(callId);
    return ok(200, { annotations: await this.options.store.listAnnotations(callId, MAX_ANNOTATIONS_PER_CALL) });
  }

  async add(author: string, callId: string, body: unknown): Promise<AnnotationAnswer<Annotation>> {
    const parsed = AnnotationInputSchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: invalidRequest(zodIssues(parsed.error)) } };
    const { store } = this.options;
    if ((await store.getCall(callId)) === null) return noCall(callId);
    const { kind, seq, text } = parsed.data;
    if (seq !== null) {
      const [line] = await store.linesAfter(callId, seq - 1, 1);
      if (line?.seq !== seq) return { status: 400, result: { ok: false, error: invalidRequest([{ path: 'seq', message: `the call has no final line ${seq}` }]) } };
    }
    // Checked before the insert, so two notes at once may both pass it: a bound, not a quota.
    if ((await store.countAnnotations(callId)) >= MAX_ANNOTATIONS_PER_CALL) return refuse(409, 'too_many_annotations', `A call holds at most ${MAX_ANNOTATIONS_PER_CALL} bookmarks and notes.`);
    const annotation: Annotation = { id: randomUUID(), callId, seq, kind, text: text === '' ? null : text, author, createdAt: this.options.now() };
    await store.addAnnotation(annotation);
    this.options.broadcaster.added(annotation);
    return ok(201, annotation);
  }

  async remove(actor: string, callId: string, id: string): Promise<AnnotationAnswer<AnnotationRemoved>> {
    const outcome = await this.options.store.deleteAnnotation(callId, id, actor);
    switch (outcome) {
      case 'deleted':
        this.options.broadcaster.removed({ callId, id });
        return ok(200, { callId, id });
      case 'not_author':
        return refuse(403, 'forbidden', 'Only its author can delete a bookmark or note.');
      case 'not_found':
        return refuse(404, 'not_found', `No bookmark or note ${id} on this call.`);
    }
  }
}
