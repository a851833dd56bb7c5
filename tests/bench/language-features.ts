/**
 * npm run bench:language — how long the emulator's language features take per call, timed over their
 * evaluation items (tests/fixtures/eval, both splits). Wall-clock limits do not belong in unit tests (they
 * flake on a busy machine), so the numbers live here, to be compared on the same machine before and after
 * a change. Each feature gets a warm-up pass, then BENCH_LANGUAGE_PASSES passes over its items with every call
 * timed on its own; it prints per-call p50 / p95 / p99 / max and the throughput of the timed passes.
 * BENCH_LANGUAGE_PASSES (default 50) tunes it. Nothing is asserted: a slow result is for a person to judge.
 */
import { performance } from 'node:perf_hooks';
import { analyzeSentiment } from '../../server/acs-emulator/language/sentiment';
import { redactPii } from '../../server/acs-emulator/language/pii-redaction';
import { identifyLanguage } from '../../server/acs-emulator/language/language-id';
import { summarizeConversation } from '../../server/acs-emulator/language/summarizer';
import { loadLanguageId, loadPii, loadSentiment, loadSummaries } from '../unit/emulator-language/eval-fixtures';
import { emulatorTurns, longCall } from '../unit/emulator-language/eval-scoring';

const PASSES = Number(process.env.BENCH_LANGUAGE_PASSES ?? 50);
if (!Number.isInteger(PASSES) || PASSES < 1) throw new Error('BENCH_LANGUAGE_PASSES must be a positive integer');

interface Feature {
  name: string;
  /** One closure per evaluation item; inputs are prepared outside the timed call. */
  calls: (() => unknown)[];
  /** Long calls are slower: fewer passes keep the run short without changing the per-call figures. */
  passes: number;
}

interface Result {
  name: string;
  items: number;
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A sink so the engine cannot drop a call whose result is unused. */
let sink = 0;

function measure(feature: Feature): Result {
  for (const call of feature.calls) sink += call() === undefined ? 0 : 1; // warm-up: lazy lexicons, JIT
  const samples: number[] = [];
  const started = performance.now();
  for (let pass = 0; pass < feature.passes; pass++) {
    for (const call of feature.calls) {
      const before = performance.now();
      const result = call();
      samples.push(performance.now() - before);
      sink += result === undefined ? 0 : 1;
    }
  }
  const elapsedMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    name: feature.name,
    items: feature.calls.length,
    calls: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples[samples.length - 1] ?? Number.NaN,
    perSecond: samples.length / (elapsedMs / 1000),
  };
}

function features(): Feature[] {
  const sentiment = [...loadSentiment('dev'), ...loadSentiment('heldout')];
  const pii = [...loadPii('dev'), ...loadPii('heldout')];
  const languageId = [...loadLanguageId('dev'), ...loadLanguageId('heldout')];
  const summaries = loadSummaries();
  // The summarizer gets what the emulator gives it: masked turns with their sentiment, prepared once here.
  const summaryInputs = summaries.map((item) => ({ turns: emulatorTurns(item), locale: item.locale }));
  const long = longCall(summaries, 'en-US');
  const longTurns = emulatorTurns(long);
  return [
    { name: 'sentiment (analyzeSentiment)', calls: sentiment.map((item) => () => analyzeSentiment(item.text, item.locale)), passes: PASSES },
    { name: 'PII (redactPii)', calls: pii.map((item) => () => redactPii(item.text, item.locale)), passes: PASSES },
    {
      name: 'language id (identifyLanguage)',
      calls: languageId.map((item) => () => identifyLanguage(item.text, item.candidates, item.currentLocale)),
      passes: PASSES,
    },
    {
      name: 'summary, one call (summarizeConversation)',
      calls: summaryInputs.map((input) => () => summarizeConversation(input.turns, input.locale)),
      passes: PASSES,
    },
    {
      name: `summary, ${longTurns.length}-turn call`,
      calls: [() => summarizeConversation(longTurns, long.locale)],
      passes: Math.max(5, Math.ceil(PASSES / 2)),
    },
  ];
}

function main(): void {
  const format = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
  console.log(`language features: per-call time over the evaluation items, ${PASSES} passes after a warm-up (Node ${process.version})`);
  const rows = features().map(measure);
  const header = ['feature', 'items', 'calls', 'p50', 'p95', 'p99', 'max', 'calls/s'];
  const table = rows.map((row) => [
    row.name,
    String(row.items),
    String(row.calls),
    format(row.p50),
    format(row.p95),
    format(row.p99),
    format(row.max),
    Math.round(row.perSecond).toLocaleString('en-US'),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
  if (sink < 0) console.log(sink); // never true; keeps `sink` observable
}

main();
