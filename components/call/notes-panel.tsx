import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LineLink } from '@/components/common/line-link';
import { useNow } from '@/components/common/use-now';
import { EmptyNote } from '@/components/ui/empty-note';
import { Panel } from '@/components/ui/panel';
import { formatAge, formatDateTime } from '@/lib/format-time';
import { callLinePath } from '@/lib/line-link';
import { MAX_NOTE_CHARS, type Annotation, type AnnotationInput, type ApiError } from '@/lib/protocol';

export interface NoteTarget {
  /** The line the next note goes on; null for the whole call. */
  seq: number | null;
  /** Goes up whenever a line's "Add note" asks for the form, so it takes the focus again. */
  request: number;
}

export interface NotesPanelProps {
  callId: string;
  /** Oldest first. */
  annotations: readonly Annotation[];
  viewer: string | null;
  target: NoteTarget;
  onTargetCall: () => void;
  onAdd: (input: AnnotationInput) => Promise<boolean>;
  onRemove: (annotationId: string) => Promise<boolean>;
  error: ApiError | null;
}

/** Every supervisor's notes and bookmarks on the call, newest first, and a form to add a note to the call or a line. */
export function NotesPanel({ callId, annotations, viewer, target, onTargetCall, onAdd, onRemove, error }: NotesPanelProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const now = useNow();

  useEffect(() => {
    if (target.request > 0) field.current?.focus();
  }, [target.request]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '' || busy) return;
    setBusy(true);
    const added = await onAdd({ kind: 'note', seq: target.seq, text });
    setBusy(false);
    if (added) {
      setText('');
      onTargetCall();
    }
  }

  const newestFirst = [...annotations].reverse();
  return (
    <Panel title="Notes" testId="notes.panel" aside={annotations.length > 0 ? annotations.length : undefined}>
      <form onSubmit={(event) => void submit(event)} className="space-y-2" aria-label="Add a note">
        <div className="flex items-center gap-2 text-xs text-slate-700">
          <label htmlFor="note-text" className="font-medium" data-testid="notes.target">
            {target.seq === null ? 'Note on the call' : `Note on line ${target.seq}`}
          </label>
          {target.seq !== null && (
            <button type="button" onClick={onTargetCall} className="rounded text-sky-800 underline hover:text-sky-950 focus-visible:outline-2 focus-visible:outline-sky-600">
              on the call instead
            </button>
          )}
        </div>
        <textarea
          id="note-text"
          ref={field}
          data-testid="notes.text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={MAX_NOTE_CHARS}
          rows={2}
          aria-describedby="note-count"
          className="block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none"
        />
        <div className="flex items-center gap-2">
          <span id="note-count" className="text-xs text-slate-600 tabular-nums">
            {text.length} / {MAX_NOTE_CHARS}
          </span>
          <button
            type="submit"
            data-testid="notes.add"
            disabled={busy || text.trim() === ''}
            className="ml-auto inline-flex h-7 items-center rounded-md bg-sky-700 px-2.5 text-xs font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Add note
          </button>
        </div>
        {error !== null && (
          <p role="alert" data-testid="notes.error" className="text-xs text-orange-800">
            {error.message}
          </p>
        )}
      </form>
      {newestFirst.length === 0 ? (
        <EmptyNote>No notes or bookmarks yet</EmptyNote>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" aria-label="Notes and bookmarks, newest first">
          {newestFirst.map((annotation) => (
            <li key={annotation.id} data-testid="notes.item" data-kind={annotation.kind} data-seq={annotation.seq ?? undefined} className="py-2 text-sm">
              <div className="flex items-center gap-2 text-xs text-slate-600">
                <span className="font-semibold text-slate-900" data-testid="notes.author">
                  {annotation.author}
                </span>
                <time dateTime={new Date(annotation.createdAt).toISOString()} title={formatDateTime(annotation.createdAt)} className="tabular-nums">
                  {formatAge(annotation.createdAt, now)}
                </time>
                {annotation.seq !== null ? (
                  <LineLink href={callLinePath(callId, annotation.seq)} testId="notes.line-link" className="rounded text-sky-800 underline hover:text-sky-950 focus-visible:outline-2 focus-visible:outline-sky-600">
                    line {annotation.seq}
                  </LineLink>
                ) : (
                  <span>on the call</span>
                )}
                {annotation.author === viewer && (
                  <button
                    type="button"
                    data-testid="notes.delete"
                    onClick={() => void onRemove(annotation.id)}
                    aria-label={`Delete your ${annotation.kind}${annotation.seq === null ? ' on the call' : ` on line ${annotation.seq}`}`}
                    className="ml-auto rounded px-1 text-slate-600 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-sky-600"
                  >
                    Delete
                  </button>
                )}
              </div>
              <p className="mt-0.5 break-words whitespace-pre-wrap text-slate-800" data-testid="notes.text-shown">
                {annotation.kind === 'bookmark' ? <span className="text-slate-600 italic">★ Bookmarked{annotation.text ? `: ${annotation.text}` : ''}</span> : annotation.text}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
