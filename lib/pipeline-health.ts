/**
 * What a call's transcript pipeline needs a supervisor to know, from its CallHealth: the silent failures (a call
 * "in progress" whose transcript stopped or never started) read in words, with how long it has been. Shared by the
 * call list and the call page. Times are the server's; the browser's clock is assumed to be within a few seconds.
 */
import type { CallHealth, CallListRow } from './protocol';

/** A connected stream with no packet for this long has stalled (ACS sends intermediate results while anyone speaks). */
export const PACKET_STALE_MS = 15_000;
/** No final line for this long while transcribing: nobody has said anything (or recognition is not working). */
export const NO_SPEECH_MS = 30_000;
/** Transcription started this long ago and no stream has connected. */
export const NO_STREAM_MS = 10_000;

export type PipelineTone = 'warning' | 'critical';

export interface PipelineNotice {
  kind: 'transcription-failed' | 'stream-lost' | 'stream-reconnecting' | 'no-stream' | 'stalled' | 'no-speech';
  tone: PipelineTone;
  /** Short, for a chip: "Stream lost 2 min". */
  text: string;
}

export type PipelineSubject = Pick<CallListRow, 'state' | 'transcription' | 'transcriptionFailure'> & { health: CallHealth };

export function pipelineNotice(call: PipelineSubject, now: number): PipelineNotice | null {
  if (call.state === 'disconnected' || now === 0) return null;
  const { health } = call;
  if (call.transcription === 'failed') {
    return { kind: 'transcription-failed', tone: 'critical', text: call.transcriptionFailure ? `Transcription failed · ${call.transcriptionFailure.code}` : 'Transcription failed' };
  }
  switch (health.stream) {
    case 'lost':
      return { kind: 'stream-lost', tone: 'critical', text: `Stream lost ${formatSpan(now - health.streamSince)}` };
    case 'reconnecting':
      return { kind: 'stream-reconnecting', tone: 'warning', text: `Stream reconnecting ${formatSpan(now - health.streamSince)}` };
    case 'none':
    case 'closed': {
      const expected = call.transcription === 'starting' || call.transcription === 'active';
      return expected && now - health.streamSince >= NO_STREAM_MS ? { kind: 'no-stream', tone: 'warning', text: `No transcript stream ${formatSpan(now - health.streamSince)}` } : null;
    }
    case 'connected': {
      const lastPacket = health.lastPacketAt ?? health.streamSince;
      if (now - lastPacket >= PACKET_STALE_MS) return { kind: 'stalled', tone: 'warning', text: `No packets ${formatSpan(now - lastPacket)}` };
      const lastSpeech = Math.max(health.lastFinalAt ?? 0, health.streamSince);
      if (call.transcription === 'active' && now - lastSpeech >= NO_SPEECH_MS) return { kind: 'no-speech', tone: 'warning', text: `No speech ${formatSpan(now - lastSpeech)}` };
      return null;
    }
    default: {
      const unreachable: never = health.stream;
      return unreachable;
    }
  }
}

/** "40 s", "3 min", "2 h" */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h`;
}
