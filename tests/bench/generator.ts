/**
 * The benchmark's ACS, in its own process so it does not share an event loop with the subscribers: one WebSocket per
 * call, metadata first, then packets at a steady aggregate rate (two intermediate results for every final), each
 * stamped with its send time. Reads its job from argv as JSON; prints `OPEN` once every stream is up, waits for a
 * line on stdin to start, and prints a JSON report of what it sent at the end.
 */
import WebSocket from 'ws';

interface Job {
  url: string;
  token: string;
  callIds: string[];
  rate: number;
  seconds: number;
  /** Every this many finals (over all calls), one says the benchmark's alert phrase; 0: none. */
  alertEvery: number;
  alertPhrase: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const streams: WebSocket[] = [];
for (let start = 0; start < job.callIds.length; start += 100) {
  streams.push(
    ...(await Promise.all(
      job.callIds.slice(start, start + 100).map(
        (callId) =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`${job.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${job.token}`, 'x-ms-call-connection-id': callId }, perMessageDeflate: false });
            socket.once('open', () => {
              socket.send(JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: callId, locale: 'en-US', enableSentimentAnalysis: true } }));
              resolve(socket);
            });
            socket.once('error', reject);
          }),
      ),
    )),
  );
}
process.stdout.write('OPEN\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const finalsSent = new Array<number>(streams.length).fill(0);
// Each call starts at its own point of its interim, interim, final cycle, as independent calls do: were they all in
// step, every final of a second would arrive within the same third of it (the generator visits the calls in turn).
const sequence = Array.from({ length: streams.length }, (_, call) => call % 3);
let sent = 0;
let finals = 0;
const started = Date.now();
const cpuAtStart = process.cpuUsage();
const tickMs = 20;
const perTick = (streams.length * job.rate * tickMs) / 1000;
let carry = 0;
let cursor = 0;
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    if (Date.now() - started >= job.seconds * 1000) {
      clearInterval(timer);
      resolve();
      return;
    }
    carry += perTick;
    const count = Math.floor(carry);
    carry -= count;
    const now = Date.now();
    for (let index = 0; index < count; index += 1) {
      const call = cursor % streams.length;
      cursor += 1;
      const step = (sequence[call] ?? 0) + 1;
      sequence[call] = step;
      const final = step % 3 === 0;
      if (final) finalsSent[call] = (finalsSent[call] ?? 0) + 1;
      if (final) finals += 1;
      const utterance = Math.ceil(step / 3);
      const words = final && job.alertEvery > 0 && finals % job.alertEvery === 0 ? `then I want to ${job.alertPhrase}` : 'with a few more words';
      streams[call]?.send(
        `{"kind":"TranscriptionData","transcriptionData":{"text":"Benchmark line ${utterance} sent=${now} ${words}","offset":${utterance * 30_000_000},"duration":9000000,"confidence":0.9,"words":[],"participantRawID":"4:+14255550100","resultStatus":"${final ? 'Final' : 'Intermediate'}","sentimentAnalysisResult":{"sentiment":"neutral"}}}`,
      );
      sent += 1;
    }
  }, tickMs);
});
const elapsed = (Date.now() - started) / 1000;
for (const stream of streams) stream.close(1000);
// A pipe's write is asynchronous: exit only once the report is out.
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(`REPORT ${JSON.stringify({ sent, elapsed, finalsSent, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`, () => process.exit(0));
