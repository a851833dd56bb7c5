import { useCallback, useEffect, useReducer, useState } from 'react';
import { useSocket } from '@/components/realtime/socket-provider';
import { addAnnotation, deleteAnnotation, listAnnotations } from '@/lib/annotation-client';
import { initialAnnotationState, reduceAnnotations } from '@/lib/annotation-state';
import type { Annotation, AnnotationInput, AnnotationRemoved, ApiError } from '@/lib/protocol';

export interface CallAnnotations {
  /** Oldest first. */
  annotations: readonly Annotation[];
  /** The last failure to load, add or delete, until the next success. */
  error: ApiError | null;
  add(input: AnnotationInput): Promise<boolean>;
  remove(annotationId: string): Promise<boolean>;
}

/**
 * A call's bookmarks and notes: read once the call's room is joined (`joined`, so nothing added after the read is
 * missed: it arrives as `call:annotation`), read again after every reconnect, and kept live from the room's events.
 */
export function useAnnotations(callId: string, joined: boolean): CallAnnotations {
  const { socket } = useSocket();
  const [state, dispatch] = useReducer(reduceAnnotations, callId, initialAnnotationState);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    void listAnnotations(callId).then((result) => {
      if (result.ok) dispatch({ type: 'listed', annotations: result.data });
      setError(result.ok ? null : result.error);
    });
  }, [callId]);

  useEffect(() => {
    if (joined) load();
  }, [joined, load]);

  useEffect(() => {
    const onAdded = (annotation: Annotation) => dispatch({ type: 'added', annotation });
    const onRemoved = (removed: AnnotationRemoved) => dispatch({ type: 'removed', removed });
    socket.on('call:annotation', onAdded);
    socket.on('call:annotation-removed', onRemoved);
    socket.on('connect', load);
    return () => {
      socket.off('call:annotation', onAdded);
      socket.off('call:annotation-removed', onRemoved);
      socket.off('connect', load);
    };
  }, [socket, load]);

  const add = useCallback(
    async (input: AnnotationInput) => {
      const result = await addAnnotation(callId, input);
      if (result.ok) dispatch({ type: 'added', annotation: result.data });
      setError(result.ok ? null : result.error);
      return result.ok;
    },
    [callId],
  );

  const remove = useCallback(
    async (annotationId: string) => {
      const result = await deleteAnnotation(callId, annotationId);
      if (result.ok) dispatch({ type: 'removed', removed: result.data });
      setError(result.ok ? null : result.error);
      return result.ok;
    },
    [callId],
  );

  return { annotations: state.annotations, error, add, remove };
}
