import { describe, expect, it } from 'vitest';
import { initialAnnotationState, reduceAnnotations, selectLineMarks } from '../../lib/annotation-state';
import { AnnotationInputSchema, type Annotation } from '../../lib/protocol';

const note = (id: string, createdAt: number, extra: Partial<Annotation> = {}): Annotation => ({ id, callId: 'c', seq: 2, kind: 'note', text: id, author: 'sam', createdAt, ...extra });

describe('annotation state', () => {
  it('merges a list and live events in either order, unique by id, oldest first', () => {
    let state = initialAnnotationState('c');
    state = reduceAnnotations(state, { type: 'added', annotation: note('b', 20) });
    state = reduceAnnotations(state, { type: 'listed', annotations: [note('a', 10), note('b', 20)] });
    state = reduceAnnotations(state, { type: 'added', annotation: note('c', 15) });
    state = reduceAnnotations(state, { type: 'added', annotation: note('x', 1, { callId: 'other' }) });
    expect(state.annotations.map((annotation) => annotation.id)).toEqual(['a', 'c', 'b']);
  });

  it('keeps a removed note removed when a list read before the removal arrives after it', () => {
    let state = reduceAnnotations(initialAnnotationState('c'), { type: 'added', annotation: note('a', 10) });
    state = reduceAnnotations(state, { type: 'removed', removed: { callId: 'c', id: 'a' } });
    state = reduceAnnotations(state, { type: 'listed', annotations: [note('a', 10)] });
    expect(state.annotations).toEqual([]);
  });

  it('marks lines: bookmarked by anyone, the viewer’s own bookmark, how many notes', () => {
    const marks = selectLineMarks([note('n1', 1), note('n2', 2), note('b1', 3, { kind: 'bookmark', author: 'kim', text: null }), note('b2', 4, { kind: 'bookmark', seq: 5, text: null }), note('call', 5, { seq: null })], 'sam');
    expect(marks.get(2)).toEqual({ bookmarked: true, ownBookmarkId: null, noteCount: 2 });
    expect(marks.get(5)).toEqual({ bookmarked: true, ownBookmarkId: 'b2', noteCount: 0 });
    expect(marks.size).toBe(2);
  });
});

describe('annotation input', () => {
  it('trims a note, needs text for a note only, and bounds it', () => {
    expect(AnnotationInputSchema.parse({ kind: 'note', seq: 3, text: '  hola  ' })).toEqual({ kind: 'note', seq: 3, text: 'hola' });
    expect(AnnotationInputSchema.parse({ kind: 'bookmark', seq: 3 })).toEqual({ kind: 'bookmark', seq: 3, text: null });
    expect(AnnotationInputSchema.parse({ kind: 'note', text: 'x'.repeat(1_000) }).text).toHaveLength(1_000);
    const problems = (input: unknown) => AnnotationInputSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));
    expect(problems({ kind: 'note', text: ' \n ' })).toEqual(['text']);
    expect(problems({ kind: 'note', text: 'x'.repeat(1_001) })).toEqual(['text']);
    expect(problems({ kind: 'note', text: '\ud800' })).toEqual(['text']);
    expect(problems({ kind: 'bookmark', seq: 1.5 })).toEqual(['seq']);
    expect(problems({ kind: 'bookmark', seq: 2_147_483_648 })).toEqual(['seq']);
    expect(problems({ kind: 'flag' })).toEqual(['kind']);
  });
});
