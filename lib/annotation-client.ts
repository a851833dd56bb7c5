/** The browser's side of the annotations API; like control-client.ts, every failure comes back as a value. */
import { z } from 'zod';
import { callApiPath } from './call-path';
import { parseResultBody, postJson, type FetchLike } from './control-client';
import { ANNOTATION_KINDS, type Annotation, type AnnotationInput, type AnnotationRemoved, type Result } from './protocol';

export const AnnotationSchema = z.object({
  id: z.string().min(1),
  callId: z.string().min(1),
  seq: z.number().int().positive().nullable(),
  kind: z.enum(ANNOTATION_KINDS),
  text: z.string().nullable(),
  author: z.string(),
  createdAt: z.number(),
}) satisfies z.ZodType<Annotation>;

const ListSchema = z.object({ annotations: z.array(AnnotationSchema) });
const RemovedSchema = z.object({ callId: z.string(), id: z.string() }) satisfies z.ZodType<AnnotationRemoved>;

export function annotationsUrl(callId: string, annotationId?: string): string {
  return callApiPath(callId, annotationId === undefined ? 'annotations' : `annotations/${encodeURIComponent(annotationId)}`);
}

async function send<T>(method: 'GET' | 'DELETE', url: string, schema: z.ZodType<T>, fetchImpl: FetchLike): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { method, headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { ok: false, error: { code: 'network_error', message: 'Earshot could not be reached. Check the connection and try again.' } };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  return parseResultBody(response.status, json, schema);
}

const browserFetch: FetchLike = (input, init) => fetch(input, init);

export async function listAnnotations(callId: string, fetchImpl: FetchLike = browserFetch): Promise<Result<Annotation[]>> {
  const result = await send('GET', annotationsUrl(callId), ListSchema, fetchImpl);
  return result.ok ? { ok: true, data: result.data.annotations } : result;
}

export function addAnnotation(callId: string, input: AnnotationInput, fetchImpl: FetchLike = browserFetch): Promise<Result<Annotation>> {
  return postJson(annotationsUrl(callId), input, AnnotationSchema, fetchImpl);
}

export function deleteAnnotation(callId: string, annotationId: string, fetchImpl: FetchLike = browserFetch): Promise<Result<AnnotationRemoved>> {
  return send('DELETE', annotationsUrl(callId, annotationId), RemovedSchema, fetchImpl);
}
