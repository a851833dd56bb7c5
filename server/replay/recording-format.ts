/**
 * The recording format (JSON Lines) replayed by `npm run replay`. Each line is one of:
 *   {"stream": {"callConnectionId"?: "...", "correlationId"?: "..."}}   starts a new WebSocket (optional for the first)
 *   {"atMs": 1200, "packet": { …an ACS packet, verbatim… }}           sent 1.2 s after its stream opened
 *   {"atMs": 1300, "raw": "not json"}                                   a frame sent exactly as written (bad input)
 *   { "kind": "TranscriptionData", … }                                   a bare ACS packet, sent right after the previous one
 * Blank lines and lines starting with `//` are ignored.
 */
import { z } from 'zod';

const StreamLineSchema = z.object({
  stream: z.object({ callConnectionId: z.string().min(1).optional(), correlationId: z.string().min(1).optional() }),
});
const PacketLineSchema = z.object({ atMs: z.number().nonnegative().optional(), packet: z.record(z.string(), z.unknown()) });
const RawLineSchema = z.object({ atMs: z.number().nonnegative().optional(), raw: z.string() });
const BarePacketSchema = z.looseObject({ kind: z.string() });

export interface RecordedFrame {
  atMs: number | null;
  /** Exactly what goes on the wire. */
  frame: string;
}

export interface RecordedStream {
  callConnectionId: string | null;
  correlationId: string | null;
  frames: RecordedFrame[];
}

export class RecordingFormatError extends Error {}

export function parseRecording(text: string, source = 'recording'): RecordedStream[] {
  const streams: RecordedStream[] = [];
  let current: RecordedStream | null = null;
  const ensureStream = () => {
    if (!current) {
      current = { callConnectionId: null, correlationId: null, frames: [] };
      streams.push(current);
    }
    return current;
  };
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new RecordingFormatError(`${source}:${index + 1}: not JSON (record malformed frames as {"raw": "..."})`);
    }
    const streamLine = StreamLineSchema.safeParse(json);
    if (streamLine.success) {
      current = { callConnectionId: streamLine.data.stream.callConnectionId ?? null, correlationId: streamLine.data.stream.correlationId ?? null, frames: [] };
      streams.push(current);
      return;
    }
    const packetLine = PacketLineSchema.safeParse(json);
    if (packetLine.success) {
      ensureStream().frames.push({ atMs: packetLine.data.atMs ?? null, frame: JSON.stringify(packetLine.data.packet) });
      return;
    }
    const rawLine = RawLineSchema.safeParse(json);
    if (rawLine.success) {
      ensureStream().frames.push({ atMs: rawLine.data.atMs ?? null, frame: rawLine.data.raw });
      return;
    }
    if (BarePacketSchema.safeParse(json).success) {
      // Keep the original text: re-serialising would round ticks above 2^53.
      ensureStream().frames.push({ atMs: null, frame: trimmed });
      return;
    }
    throw new RecordingFormatError(`${source}:${index + 1}: expected {"stream"}, {"packet"}, {"raw"} or a bare ACS packet`);
  });
  for (const stream of streams) {
    if (stream.callConnectionId === null) stream.callConnectionId = findMetadataCallId(stream);
  }
  return streams;
}

function findMetadataCallId(stream: RecordedStream): string | null {
  for (const { frame } of stream.frames) {
    try {
      const json = JSON.parse(frame) as { kind?: unknown; transcriptionMetadata?: { callConnectionId?: unknown } };
      if (json.kind === 'TranscriptionMetadata' && typeof json.transcriptionMetadata?.callConnectionId === 'string') {
        return json.transcriptionMetadata.callConnectionId;
      }
    } catch {
      // Malformed frames are replayed as they are; they just cannot name the call.
    }
  }
  return null;
}

/** Gives a stream a new call id: headers and the metadata packets that name the old one. */
export function renameCall(stream: RecordedStream, callConnectionId: string): RecordedStream {
  const previous = stream.callConnectionId;
  return {
    ...stream,
    callConnectionId,
    frames: stream.frames.map(({ atMs, frame }) => ({
      atMs,
      frame: previous === null ? frame : frame.split(JSON.stringify(previous)).join(JSON.stringify(callConnectionId)),
    })),
  };
}
