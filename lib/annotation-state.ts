/**
 * The call page's bookmarks and notes: a list from `GET …/annotations` merged with live `call:annotation` /
 * `call:annotation-removed` events, which may arrive before or after it. Unique by id, oldest first; an id once
 * removed stays removed, so a list read just before a deletion cannot bring the note back.
 */
import type { Annotation, AnnotationRemoved } from './protocol';

export interface AnnotationState {
  readonly callId: string;
  /** Oldest first, unique by id. */
  readonly annotations: readonly Annotation[];
  readonly removedIds: ReadonlySet<string>;
}

export type AnnotationEvent = { type: 'listed'; annotations: readonly Annotation[] } | { type: 'added'; annotation: Annotation } | { type: 'removed'; removed: AnnotationRemoved };

export function initialAnnotationState(callId: string): AnnotationState {
  return { callId, annotations: [], removedIds: new Set() };
}

export function reduceAnnotations(state: AnnotationState, event: AnnotationEvent): AnnotationState {
  switch (event.type) {
    case 'listed':
      return { ...state, annotations: merge(state, event.annotations) };
    case 'added':
      if (event.annotation.callId !== state.callId) return state;
      return { ...state, annotations: merge(state, [event.annotation]) };
    case 'removed': {
      if (event.removed.callId !== state.callId || state.removedIds.has(event.removed.id)) return state;
      const removedIds = new Set(state.removedIds).add(event.removed.id);
      return { ...state, annotations: state.annotations.filter((annotation) => annotation.id !== event.removed.id), removedIds };
    }
  }
}

function merge(state: AnnotationState, incoming: readonly Annotation[]): readonly Annotation[] {
  const known = new Set(state.annotations.map((annotation) => annotation.id));
  const fresh = incoming.filter((annotation) => annotation.callId === state.callId && !known.has(annotation.id) && !state.removedIds.has(annotation.id));
  if (fresh.length === 0) return state.annotations;
  return [...state.annotations, ...fresh].sort((left, right) => left.createdAt - right.createdAt || (left.id < right.id ? -1 : 1));
}

/** What a transcript row shows of a line's annotations. */
export interface LineMarks {
  bookmarked: boolean;
  /** The viewer's own bookmark on the line (the toggle removes it), or null. */
  ownBookmarkId: string | null;
  noteCount: number;
}

export function selectLineMarks(annotations: readonly Annotation[], viewer: string | null): ReadonlyMap<number, LineMarks> {
  const marks = new Map<number, LineMarks>();
  for (const annotation of annotations) {
    if (annotation.seq === null) continue;
    const mark = marks.get(annotation.seq) ?? { bookmarked: false, ownBookmarkId: null, noteCount: 0 };
    if (annotation.kind === 'bookmark') {
      mark.bookmarked = true;
      if (annotation.author === viewer) mark.ownBookmarkId = annotation.id;
    } else {
      mark.noteCount += 1;
    }
    marks.set(annotation.seq, mark);
  }
  return marks;
}
