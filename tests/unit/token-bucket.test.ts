import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/realtime/token-bucket';

describe('token bucket', () => {
  it('allows the burst, then refills at its rate and never above the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(50, 20, () => now);
    const first = Array.from({ length: 60 }, () => bucket.take());
    expect(first.filter(Boolean)).toHaveLength(50);
    expect(first.slice(50).some(Boolean)).toBe(false);
    now += 100; // 2 tokens
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 3_600_000;
    expect(Array.from({ length: 60 }, () => bucket.take()).filter(Boolean)).toHaveLength(50);
  });

  it('does not drain when the clock steps back', () => {
    let now = 1_000;
    const bucket = new TokenBucket(2, 1, () => now);
    expect(bucket.take()).toBe(true);
    now = 0;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});
