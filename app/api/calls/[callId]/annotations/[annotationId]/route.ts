import { annotationIdFromRouteParam, runAnnotations, type AnnotationRouteContext } from '@/server/http/annotation-route';

export const dynamic = 'force-dynamic';

/** Delete a bookmark or note; only its author may (403 otherwise). */
export async function DELETE(request: Request, context: AnnotationRouteContext) {
  const annotationId = annotationIdFromRouteParam((await context.params).annotationId);
  return runAnnotations(request, context, async (annotations, actor, callId) =>
    annotationId === null ? { status: 404, result: { ok: false, error: { code: 'not_found', message: 'No such bookmark or note.' } } } : annotations.remove(actor, callId, annotationId),
  );
}
