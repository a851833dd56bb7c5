import { describe, expect, it } from 'vitest';
import { estimateGrowth, leastSquares, median, type Point } from '../soak/memory-trend';

const series = (count: number, value: (index: number) => number): Point[] => Array.from({ length: count }, (_, index) => ({ t: 10 + index * 0.5, value: value(index) }));
/** Deterministic noise in [-1, 1]. */
const noise = (index: number) => Math.sin(index * 12.9898) * 0.999;

describe('soak memory trend', () => {
  it('fits a line', () => {
    const line = leastSquares([
      { t: 0, value: 1 },
      { t: 1, value: 3 },
      { t: 2, value: 5 },
    ]);
    expect(line?.slopePerMinute).toBeCloseTo(2);
    expect(line?.at(3)).toBeCloseTo(7);
    expect(leastSquares([{ t: 1, value: 1 }])).toBeNull();
  });

  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reports steady growth as growth', () => {
    // 100 MB growing to 115 MB over the span, with ±2 MB of noise.
    const growth = estimateGrowth(series(40, (index) => 100 + (15 * index) / 39 + 2 * noise(index)));
    expect(growth?.trendPercent).toBeGreaterThan(12);
    expect(growth?.trendPercent).toBeLessThan(18);
  });

  it('does not let one spike decide, even at the very end', () => {
    const flat = (spikeAt: number) => series(40, (index) => 100 + 2 * noise(index) + (index === spikeAt ? 20 : 0));
    for (const spikeAt of [0, 20, 39]) {
      const growth = estimateGrowth(flat(spikeAt));
      expect(Math.abs(growth?.trendPercent ?? Number.NaN)).toBeLessThan(5);
      expect(Math.abs(growth?.endVsStartPercent ?? Number.NaN)).toBeLessThan(5);
    }
  });
});
