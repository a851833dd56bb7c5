/** annotations rows back into Annotation, validated like every other row (see row-mapping.ts). */
import type { Selectable } from 'kysely';
import { ANNOTATION_KINDS, type Annotation } from '../../lib/protocol';
import type { AnnotationsTable } from './database-schema';
import { finite, oneOf } from './row-mapping';

export function rowToAnnotation(row: Selectable<AnnotationsTable>): Annotation {
  const ref = { table: 'annotations', id: row.id };
  return {
    id: row.id,
    callId: row.call_id,
    seq: row.seq === null ? null : finite(ref, 'seq', row.seq),
    kind: oneOf(ref, 'kind', ANNOTATION_KINDS, row.kind),
    text: row.text,
    author: row.author,
    createdAt: finite(ref, 'created_at', row.created_at),
  };
}
