/**
 * Is memory flat? Two estimates over the samples taken after warm-up, and a verdict.
 *
 * - **Trend** (the one we judge on): a least-squares line through every post-warm-up sample, and the growth it
 *   implies over the measured span (fitted value at the end against the fitted value at warm-up end). It uses every
 *   sample, so one GC spike or one allocator hiccup moves it by about 1/n of its size, and it sees a slow, steady
 *   leak that the noise between two points would hide.
 * - **End vs start**: the median of the first few post-warm-up samples against the median of the last few. Medians
 *   keep a single spike out, but it rests on a handful of samples, so GC timing near either end can still sway it;
 *   it is printed as a cross-check, not judged on.
 */

export interface Point {
  /** Minutes since the start of the run. */
  t: number;
  value: number;
}

export interface Line {
  slopePerMinute: number;
  intercept: number;
  at(t: number): number;
}

export function leastSquares(points: readonly Point[]): Line | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanT = points.reduce((sum, point) => sum + point.t, 0) / n;
  const meanV = points.reduce((sum, point) => sum + point.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.t - meanT) * (point.value - meanV);
    variance += (point.t - meanT) ** 2;
  }
  if (variance === 0) return null;
  const slopePerMinute = covariance / variance;
  const intercept = meanV - slopePerMinute * meanT;
  return { slopePerMinute, intercept, at: (t) => intercept + slopePerMinute * t };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface GrowthEstimate {
  /** Median of the first samples after warm-up, and of the last ones. */
  start: number;
  end: number;
  endVsStartPercent: number;
  /** The least-squares line: its slope, its value at warm-up end and at the end, and the growth between them. */
  slopePerMinute: number;
  fittedStart: number;
  fittedEnd: number;
  trendPercent: number;
  samples: number;
}

/** `edgeSamples`: how many samples at each end the end-vs-start medians take. */
export function estimateGrowth(points: readonly Point[], edgeSamples = 3): GrowthEstimate | null {
  const line = leastSquares(points);
  const first = points[0];
  const last = points.at(-1);
  if (line === null || first === undefined || last === undefined) return null;
  const edge = Math.max(1, Math.min(edgeSamples, Math.floor(points.length / 3)));
  const start = median(points.slice(0, edge).map((point) => point.value));
  const end = median(points.slice(-edge).map((point) => point.value));
  const fittedStart = line.at(first.t);
  const fittedEnd = line.at(last.t);
  return {
    start,
    end,
    endVsStartPercent: ((end - start) / start) * 100,
    slopePerMinute: line.slopePerMinute,
    fittedStart,
    fittedEnd,
    trendPercent: ((fittedEnd - fittedStart) / fittedStart) * 100,
    samples: points.length,
  };
}
