/** The browser's side of the annotations API; every failure comes back as a value (lib/api-client.ts). */
import { z } from 'zod';
import { callApiPath } from './call-path';
import { requestJson, type FetchLike } from './api-client';
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

export async function listAnnotations(callId: string, fetchImpl?: FetchLike): Promise<Result<Annotation[]>> {
  const result = await requestJson('GET', annotationsUrl(callId), undefined, ListSchema, fetchImpl);
  return result.ok ? { ok: true, data: result.data.annotations } : result;
}

export function addAnnotation(callId: string, input: AnnotationInput, fetchImpl?: FetchLike): Promise<Result<Annotation>> {
  return requestJson('POST', annotationsUrl(callId), input, AnnotationSchema, fetchImpl);
}

export function deleteAnnotation(callId: string, annotationId: string, fetchImpl?: FetchLike): Promise<Result<AnnotationRemoved>> {
  return requestJson('DELETE', annotationsUrl(callId, annotationId), undefined, RemovedSchema, fetchImpl);
}
