export interface JumpToLiveProps {
  newLines: number;
  onJump: () => void;
}

/** Shown while auto-scroll is paused because the supervisor scrolled up. */
export function JumpToLive({ newLines, onJump }: JumpToLiveProps) {
  return (
    <button
      type="button"
      data-testid="transcript.jump-live"
      onClick={onJump}
      className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-slate-900 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
    >
      <span aria-hidden="true">↓</span>
      Jump to live
      {newLines > 0 && <span className="rounded-full bg-white/20 px-1.5 tabular-nums">{newLines} new</span>}
    </button>
  );
}
