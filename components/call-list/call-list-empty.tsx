/** What a supervisor sees before any call has streamed: how to get one. */
export function CallListEmpty() {
  return (
    <div data-testid="call-list.empty" className="mx-auto mt-6 max-w-2xl rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700">
      <h2 className="text-base font-semibold text-slate-900">No calls yet</h2>
      <p className="mt-1">
        A call appears here, live, as soon as Azure Communication Services starts streaming its transcript to Earshot. This page
        updates by itself.
      </p>
      <ul className="mt-4 space-y-3">
        <li>
          <p className="font-medium text-slate-900">Place a call, or connect to a room</p>
          <p className="text-slate-600">With the buttons above: Earshot calls a number or an ACS user, or joins a call already under way, and transcribes it.</p>
        </li>
        <li>
          <p className="font-medium text-slate-900">Replay a recorded call</p>
          <p className="text-slate-600">From a second terminal in the Earshot folder, while the server runs:</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
            npm run replay -- server/replay/recordings/multi-speaker-bilingual.jsonl
          </pre>
          <p className="mt-1 text-xs text-slate-500">
            Any recording works: <code className="font-mono">npm run replay -- &lt;file.jsonl&gt;</code>; add <code className="font-mono">--new-call</code> to
            replay it again as another call.
          </p>
        </li>
        <li>
          <p className="font-medium text-slate-900">Or watch the emulator’s demo calls</p>
          <p className="text-slate-600">
            Without <code className="font-mono">ACS_CONNECTION_STRING</code>, Earshot’s embedded ACS emulator can play demo calls; <code className="font-mono">DEMO_CALLS</code> sets how
            many.
          </p>
        </li>
        <li>
          <p className="font-medium text-slate-900">Or connect a real ACS resource</p>
          <p className="text-slate-600">
            Start transcription with the transport URL <code className="font-mono">wss://&lt;this host&gt;/ws/transcripts</code>.
          </p>
        </li>
      </ul>
    </div>
  );
}
