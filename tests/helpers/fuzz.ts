/**
 * The fuzz tests' seed policy. One seed per run, printed once per test file:
 * - `FUZZ_SEED=<integer>` replays a run exactly (fast-check also prints the seed and the shrunk path of a failure);
 * - otherwise the seed is today's UTC date (`20250314`): every run on the same day — a CI rerun, a colleague
 *   checking a red build — explores the same inputs, and each new day explores new ones.
 * `FUZZ_RUNS_FACTOR=<n>` multiplies every property's number of runs (say 20 for a long soak on a free machine).
 */
import fc from 'fast-check';

export const FUZZ_SEED = resolveSeed(process.env.FUZZ_SEED);
const RUNS_FACTOR = resolveFactor(process.env.FUZZ_RUNS_FACTOR);

let announced = false;

/** fast-check parameters for one property: the run's seed, and `numRuns` scaled by FUZZ_RUNS_FACTOR. */
export function fuzzParameters<T>(numRuns: number, extra: Omit<fc.Parameters<T>, 'seed' | 'numRuns'> = {}): fc.Parameters<T> {
  if (!announced) {
    announced = true;
    console.info(`fuzz seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED}; runs x${RUNS_FACTOR})`);
  }
  return { ...extra, seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)) };
}

function resolveSeed(value: string | undefined): number {
  if (value !== undefined && value.trim() !== '') {
    const seed = Number(value);
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${value}`);
    return seed;
  }
  return Number(new Date().toISOString().slice(0, 10).replaceAll('-', ''));
}

function resolveFactor(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const factor = Number(value);
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`FUZZ_RUNS_FACTOR must be a positive number, not ${value}`);
  return factor;
}
