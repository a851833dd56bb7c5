import type { CallRouteContext } from '@/server/http/control-route';
import { runAnnotations, runAnnotationsWithBody } from '@/server/http/annotation-route';

export const dynamic = 'force-dynamic';

/** The call's bookmarks and notes, oldest first. */
export async function GET(request: Request, context: CallRouteContext) {
  return runAnnotations(request, context, (annotations, _actor, callId) => annotations.list(callId));
}

/** Bookmark a line or add a note (`{ kind, seq?, text? }`, AnnotationInputSchema); everyone watching the call sees it. */
export async function POST(request: Request, context: CallRouteContext) {
  return runAnnotationsWithBody(request, context, (annotations, actor, callId, body) => annotations.add(actor, callId, body));
}
