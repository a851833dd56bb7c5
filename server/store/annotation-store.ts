/** Storage for supervisors' bookmarks and notes on calls (migration 011). Part of the `CallStore` contract. */
import type { Annotation } from '../../lib/protocol';

export type AnnotationDeletion = 'deleted' | 'not_found' | 'not_author';

export interface AnnotationStore {
  /** Inserts a new annotation (its id must be new; its call must exist). */
  addAnnotation(annotation: Annotation): Promise<void>;
  /** A call's annotations, oldest first, at most `limit`. */
  listAnnotations(callId: string, limit: number): Promise<Annotation[]>;
  countAnnotations(callId: string): Promise<number>;
  /**
   * Deletes the call's annotation only when `author` wrote it, in one statement, so the check and the delete cannot
   * be split by another writer; otherwise says why nothing was deleted.
   */
  deleteAnnotation(callId: string, id: string, author: string): Promise<AnnotationDeletion>;
}
