/**
 * Plays ACS for many calls at once, cheaply: one transcript WebSocket per call, one timer for all of them, and
 * frames built from pre-serialized pieces (only the offset changes between a call's lines). Each call gets one final
 * line per period, spread evenly over the period so the server sees a steady stream rather than bursts.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface LiveCallGeneratorOptions {
  url: string;
  token: string;
  calls: number;
  /** Each call gets one final line per period. */
  periodMs: number;
  /** Timer ticks per period: each tick sends for its share of the calls. */
  ticksPerPeriod?: number;
}

const SENTIMENTS = ['positive', 'neutral', 'negative', 'neutral', 'mixed', 'negative'];
const TEXTS = [
  'I have been waiting for a refund for three weeks now.',
  'Let me pull up your account and check the order status.',
  'That is not what I was told the last time I called.',
  'Thank you, that helps a lot.',
  'Could you confirm the address on the account for me?',
  'I understand, I will escalate this to my supervisor.',
  'The technician never showed up on Tuesday.',
  'Your case number is on its way by email.',
];

export class LiveCallGenerator {
  readonly callIds: string[];
  private readonly sockets: WebSocket[] = [];
  /** Per call: the frame around its offset, and how many lines it has sent. */
  private readonly frames: { head: string; tail: string }[][] = [];
  private readonly lines: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;
  sent = 0;
  failed = 0;

  constructor(private readonly options: LiveCallGeneratorOptions) {
    const run = randomUUID().slice(0, 8);
    this.callIds = Array.from({ length: options.calls }, (_, index) => `scale-${run}-${String(index).padStart(4, '0')}`);
    for (const [index] of this.callIds.entries()) {
      const caller = `4:+1425555${String(index).padStart(4, '0')}`;
      const variants: { head: string; tail: string }[] = [];
      for (let line = 0; line < TEXTS.length; line += 1) {
        const speaker = line % 2 === 0 ? caller : '8:acs:e2e_scale_agent';
        const sentiment = SENTIMENTS[(index + line) % SENTIMENTS.length];
        variants.push({
          head: `{"kind":"TranscriptionData","transcriptionData":{"text":${JSON.stringify(TEXTS[(index + line) % TEXTS.length])},"format":"display","confidence":0.9,"offset":`,
          tail: `,"duration":20000000,"words":[],"participantRawID":"${speaker}","resultStatus":"Final","sentimentAnalysisResult":{"sentiment":"${sentiment}"}}}`,
        });
      }
      this.frames.push(variants);
      this.lines.push(0);
    }
  }

  /** Opens every call's stream (metadata first), `concurrency` at a time. */
  async open(concurrency = 100): Promise<void> {
    for (let start = 0; start < this.callIds.length; start += concurrency) {
      const batch = this.callIds.slice(start, start + concurrency).map(
        (callId) =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(this.options.url, { headers: { authorization: `Bearer ${this.options.token}`, 'x-ms-call-connection-id': callId }, perMessageDeflate: false });
            socket.once('open', () => {
              socket.send(JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: callId, locale: 'en-US', subscriptionId: 'e2e-scale', enableSentimentAnalysis: true } }));
              resolve(socket);
            });
            socket.once('unexpected-response', (_request, response) => reject(new Error(`the ingress refused a stream: HTTP ${response.statusCode}`)));
            socket.once('error', reject);
          }),
      );
      this.sockets.push(...(await Promise.all(batch)));
    }
  }

  /** Starts the lines: every call one final per period, from one timer. */
  start() {
    const ticks = this.options.ticksPerPeriod ?? 20;
    const perTick = Math.ceil(this.sockets.length / ticks);
    this.timer = setInterval(() => {
      const from = (this.tick % ticks) * perTick;
      this.tick += 1;
      for (let index = from; index < Math.min(from + perTick, this.sockets.length); index += 1) this.sendLine(index);
    }, this.options.periodMs / ticks);
  }

  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ends every call: a stream-only call ends when its stream closes. */
  async close(): Promise<void> {
    this.stop();
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.close(1000);
          }),
      ),
    );
  }

  private sendLine(index: number) {
    const socket = this.sockets[index];
    const variants = this.frames[index];
    const line = this.lines[index] ?? 0;
    if (!socket || !variants || socket.readyState !== WebSocket.OPEN) return;
    const frame = variants[line % variants.length] as { head: string; tail: string };
    this.lines[index] = line + 1;
    // A new offset per line: ACS never sends two finals with the same one (and the server drops such repeats).
    socket.send(`${frame.head}${(line + 1) * 30_000_000}${frame.tail}`, (error) => {
      if (error) this.failed += 1;
      else this.sent += 1;
    });
  }
}
