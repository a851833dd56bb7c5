/**
 * Plays ACS for the soak: keeps a target number of calls streaming, one transcript WebSocket per call (signed
 * JWT, ACS's headers), each with a realistic lifecycle: metadata first, then utterances (intermediate results that
 * grow, then the final with words, sentiment and sometimes masked PII) at about `packetsPerSecond` on average, and
 * after a random duration the socket closes (the call ended) and a new call takes its place. Every final sent is
 * remembered per call, in order, for the delivery check.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { msToTicks } from '../../lib/acs/transcription-packets';
import type { TestAcs } from '../helpers/earshot-harness';
import { LINES, type Line, type SoakLocale } from './transcript-lines';

export interface CallGeneratorOptions {
  url: string;
  acs: TestAcs;
  targetCalls: number;
  packetsPerSecond: number;
  callMinMs: number;
  callMaxMs: number;
  /** The first calls open over this long rather than all at once, as a contact centre fills up. */
  rampMs: number;
}

export interface GeneratorStats {
  callsStarted: number;
  callsEnded: number;
  packetsSent: number;
  finalsSent: number;
  /** Streams that could not open (refused upgrade, connection error). */
  openFailures: number;
  /** Streams the server closed, or that failed, before the call ended. */
  unexpectedCloses: Record<string, number>;
  sendErrors: number;
}

const TICK_MS = 50;
const TICKS_PER_WORD_MS = 350;
const RECENTLY_ENDED_KEPT = 50;

interface Utterance {
  speaker: string;
  line: Line;
  words: string[];
  offsetMs: number;
  interimsLeft: number;
  interimsTotal: number;
}

class SimulatedCall {
  readonly callId = `soak-${randomUUID()}`;
  readonly correlationId = randomUUID();
  readonly locale: SoakLocale = Math.random() < 0.15 ? 'es-ES' : 'en-US';
  readonly agent = `8:acs:soak-agent-${Math.floor(Math.random() * 40)}`;
  readonly customer = `4:+1425555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  socket: WebSocket | null = null;
  open = false;
  ending = false;
  endsAt = 0;
  nextPacketAt = 0;
  cursorMs = 0;
  utterance: Utterance | null = null;
  lastSpeaker: string = this.customer;
}

export class CallGenerator {
  /** Offsets (ms) of the finals sent, in order, per call: what a viewer must end up with. */
  readonly sentFinals = new Map<string, number[]>();
  readonly stats: GeneratorStats = { callsStarted: 0, callsEnded: 0, packetsSent: 0, finalsSent: 0, openFailures: 0, unexpectedCloses: {}, sendErrors: 0 };
  private readonly live = new Map<string, SimulatedCall>();
  private readonly ended: string[] = [];
  private readonly closing = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private token: { value: string; expiresAt: number } | null = null;

  constructor(private readonly options: CallGeneratorOptions) {}

  start() {
    const { targetCalls, rampMs } = this.options;
    for (let index = 0; index < targetCalls; index += 1) {
      setTimeout(() => void this.startCall(), (rampMs * index) / targetCalls);
    }
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Calls with an open stream right now. */
  liveCallIds(): string[] {
    return [...this.live.values()].filter((call) => call.open && !call.ending).map((call) => call.callId);
  }

  /** The most recently ended calls, newest last: what a supervisor might open from the list. */
  recentlyEnded(): readonly string[] {
    return this.ended;
  }

  /** Whether the generator ended this call itself (its stream is closed and every final it sent is known). */
  hasEnded(callId: string): boolean {
    return this.sentFinals.has(callId) && !this.live.has(callId);
  }

  /** Ends every call (their sockets close, as when calls hang up) and stops starting new ones. */
  async stop(): Promise<string[]> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const endedNow = [...this.live.values()].filter((call) => call.open).map((call) => call.callId);
    for (const call of [...this.live.values()]) this.endCall(call);
    await Promise.all(this.closing);
    return endedNow;
  }

  private async startCall() {
    if (this.stopped) return;
    const call = new SimulatedCall();
    this.live.set(call.callId, call);
    this.sentFinals.set(call.callId, []);
    this.stats.callsStarted += 1;
    const { callMinMs, callMaxMs } = this.options;
    call.endsAt = Date.now() + callMinMs + Math.random() * (callMaxMs - callMinMs);
    let socket: WebSocket;
    try {
      socket = new WebSocket(`${this.options.url.replace(/^http/, 'ws')}/ws/transcripts`, {
        headers: {
          authorization: `Bearer ${await this.bearer()}`,
          'x-ms-call-connection-id': call.callId,
          'x-ms-call-correlation-id': call.correlationId,
        },
      });
    } catch {
      this.openFailed(call);
      return;
    }
    call.socket = socket;
    socket.once('open', () => {
      call.open = true;
      this.send(call, {
        kind: 'TranscriptionMetadata',
        transcriptionMetadata: {
          subscriptionId: randomUUID(),
          locale: call.locale,
          callConnectionId: call.callId,
          correlationId: call.correlationId,
          locales: ['en-US', 'es-ES'],
          enableSentimentAnalysis: true,
          piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' },
        },
      });
      call.nextPacketAt = Date.now() + this.packetGapMs();
    });
    socket.once('unexpected-response', () => this.openFailed(call));
    socket.on('error', () => {
      if (!call.open) this.openFailed(call);
    });
    socket.once('close', (code) => {
      if (call.open && !call.ending) {
        this.stats.unexpectedCloses[String(code)] = (this.stats.unexpectedCloses[String(code)] ?? 0) + 1;
        this.finish(call);
      }
    });
  }

  private openFailed(call: SimulatedCall) {
    if (call.ending || call.open) return;
    call.ending = true;
    this.stats.openFailures += 1;
    call.socket?.terminate();
    this.live.delete(call.callId);
    this.sentFinals.delete(call.callId);
    if (!this.stopped) setTimeout(() => void this.startCall(), 1_000);
  }

  private tick() {
    const now = Date.now();
    for (const call of this.live.values()) {
      if (!call.open || call.ending) continue;
      if (now >= call.endsAt) {
        this.endCall(call);
        continue;
      }
      while (now >= call.nextPacketAt) {
        this.nextPacket(call);
        call.nextPacketAt += this.packetGapMs();
      }
    }
  }

  /** Uniform around the mean rate: bursts and pauses, never a metronome. */
  private packetGapMs() {
    const mean = 1000 / this.options.packetsPerSecond;
    return mean * (0.3 + Math.random() * 1.4);
  }

  private nextPacket(call: SimulatedCall) {
    const utterance = call.utterance ?? this.newUtterance(call);
    const durationMs = utterance.words.length * TICKS_PER_WORD_MS;
    if (utterance.interimsLeft > 0) {
      const spoken = Math.ceil(((utterance.interimsTotal - utterance.interimsLeft + 1) / (utterance.interimsTotal + 1)) * utterance.words.length);
      utterance.interimsLeft -= 1;
      const text = utterance.words.slice(0, spoken).join(' ');
      this.send(call, this.data(call, utterance, text, 'Intermediate', (durationMs * spoken) / utterance.words.length));
      return;
    }
    call.utterance = null;
    call.cursorMs = utterance.offsetMs + durationMs + 300 + Math.floor(Math.random() * 1700);
    if (this.send(call, this.data(call, utterance, utterance.line.text, 'Final', durationMs))) {
      this.sentFinals.get(call.callId)?.push(utterance.offsetMs);
      this.stats.finalsSent += 1;
    }
  }

  private newUtterance(call: SimulatedCall): Utterance {
    // Mostly turn-taking, sometimes the same speaker goes on.
    const speaker = Math.random() < 0.75 ? (call.lastSpeaker === call.agent ? call.customer : call.agent) : call.lastSpeaker;
    call.lastSpeaker = speaker;
    const lines = LINES[call.locale];
    const line = lines[Math.floor(Math.random() * lines.length)] as Line;
    const interimsTotal = 1 + Math.floor(Math.random() * 5);
    call.utterance = { speaker, line, words: line.text.split(' '), offsetMs: call.cursorMs, interimsLeft: interimsTotal, interimsTotal };
    return call.utterance;
  }

  private data(call: SimulatedCall, utterance: Utterance, text: string, resultStatus: 'Intermediate' | 'Final', durationMs: number) {
    const final = resultStatus === 'Final';
    return {
      kind: 'TranscriptionData',
      transcriptionData: {
        text,
        format: 'display',
        confidence: 0.75 + Math.random() * 0.24,
        offset: msToTicks(utterance.offsetMs),
        duration: msToTicks(Math.round(durationMs)),
        words: final
          ? utterance.words.map((word, index) => ({ text: word, offset: msToTicks(utterance.offsetMs + index * TICKS_PER_WORD_MS), duration: msToTicks(TICKS_PER_WORD_MS - 50) }))
          : [],
        participantRawID: utterance.speaker,
        resultStatus,
        ...(final ? { sentimentAnalysisResult: { sentiment: utterance.line.sentiment } } : {}),
        ...(final && call.locale !== 'en-US' ? { languageIdentified: call.locale } : {}),
      },
    };
  }

  private send(call: SimulatedCall, packet: unknown): boolean {
    const socket = call.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      this.stats.sendErrors += 1;
      return false;
    }
    socket.send(JSON.stringify(packet), (error) => {
      if (error) this.stats.sendErrors += 1;
    });
    this.stats.packetsSent += 1;
    return true;
  }

  /** The call hangs up: ACS closes the transcript stream normally. Mid-utterance sometimes, as real calls do. */
  private endCall(call: SimulatedCall) {
    if (call.ending) return;
    call.ending = true;
    const socket = call.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      this.closing.add(closed);
      void closed.then(() => this.closing.delete(closed));
      socket.close(1000, 'call ended');
    }
    this.finish(call);
  }

  private finish(call: SimulatedCall) {
    call.ending = true;
    if (!this.live.delete(call.callId)) return;
    this.stats.callsEnded += 1;
    this.ended.push(call.callId);
    if (this.ended.length > RECENTLY_ENDED_KEPT) this.ended.shift();
    if (!this.stopped) void this.startCall();
  }

  /** One token for many calls, renewed well before it expires (Earshot checks it on the upgrade only). */
  private async bearer(): Promise<string> {
    if (this.token === null || this.token.expiresAt - Date.now() < 60_000) {
      this.token = { value: await this.options.acs.sign({ expiresIn: '10m' }), expiresAt: Date.now() + 10 * 60_000 };
    }
    return this.token.value;
  }
}
