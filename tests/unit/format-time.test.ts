import { describe, expect, it } from 'vitest';
import { callDurationMs, callTimeMs, formatAge, formatCallTime, formatClock, IMPLAUSIBLE_OFFSET_MS, nextOffsetOrigin } from '../../lib/format-time';

describe('formatClock', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(1_200)).toBe('00:01');
    expect(formatClock(65_999)).toBe('01:05');
    expect(formatClock(59 * 60_000 + 59_000)).toBe('59:59');
    expect(formatClock(3_600_000 + 2 * 60_000 + 3_000)).toBe('1:02:03');
  });

  it('never shows negative or non-finite time', () => {
    expect(formatClock(-5_000)).toBe('00:00');
    expect(formatClock(Number.NaN)).toBe('00:00');
  });
});

describe('call time from segment offsets', () => {
  it('shows plausible offsets relative to 0', () => {
    expect(formatCallTime(1_200, null)).toBe('00:01');
    expect(formatCallTime(75_000, 251_699_878_248_123)).toBe('01:15');
  });

  it('shows the ACS sample packet’s huge offset relative to the call’s first segment', () => {
    const first = 2516998782481234400 / 10_000; // ticks → ms
    let origin: number | null = null;
    origin = nextOffsetOrigin(origin, first + 4_000);
    origin = nextOffsetOrigin(origin, first);
    origin = nextOffsetOrigin(origin, 12_000);
    expect(origin).toBe(first);
    expect(formatCallTime(first, origin)).toBe('00:00');
    expect(formatCallTime(first + 83_500, origin)).toBe('01:23');
    expect(callTimeMs(first + 4_000, origin)).toBe(4_000);
  });

  it('treats offsets from a week on as implausible, and falls back to 0 without an origin', () => {
    expect(callTimeMs(IMPLAUSIBLE_OFFSET_MS - 1, null)).toBe(IMPLAUSIBLE_OFFSET_MS - 1);
    expect(callTimeMs(IMPLAUSIBLE_OFFSET_MS + 5, null)).toBe(0);
  });
});

describe('durations and ages', () => {
  it('measures a live call until now and an ended call until its end', () => {
    expect(callDurationMs(1_000, null, 61_000)).toBe(60_000);
    expect(callDurationMs(1_000, 31_000, 99_000)).toBe(30_000);
    expect(callDurationMs(5_000, null, 1_000)).toBe(0);
  });

  it('describes ages coarsely', () => {
    expect(formatAge(0, 10_000)).toBe('just now');
    expect(formatAge(0, 5 * 60_000)).toBe('5 min ago');
    expect(formatAge(0, 3 * 3_600_000)).toBe('3 h ago');
  });
});
