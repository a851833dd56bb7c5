/** Bookmarks and notes to the call's room, like the call's summaries and audit entries (socketBroadcaster). */
import { callRoom } from '../../lib/protocol';
import type { AnnotationBroadcaster } from '../annotations/call-annotations';
import type { EarshotIo } from './socket-server';

/** `localRoomsOnly` as in socketBroadcaster: with the in-memory adapter, an empty local room means nobody listens anywhere. */
export function annotationBroadcaster(io: EarshotIo, options: { localRoomsOnly: boolean }): AnnotationBroadcaster {
  const rooms = io.of('/').adapter.rooms;
  const room = (callId: string) => (options.localRoomsOnly && !rooms.get(callRoom(callId))?.size ? null : io.to(callRoom(callId)));
  return {
    added: (annotation) => room(annotation.callId)?.emit('call:annotation', annotation),
    removed: (removed) => room(removed.callId)?.emit('call:annotation-removed', removed),
  };
}
