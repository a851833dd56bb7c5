import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptDeadline } from '../../server/alerts/attempt-deadline';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a webhook attempt’s deadline', () => {
  it('passes at its timeout, once, telling every handler still waiting', () => {
    const deadline = new AttemptDeadline(new AbortController().signal, 1_000);
    const first = vi.fn();
    const cancelled = vi.fn();
    deadline.onPass(first);
    deadline.onPass(cancelled)();
    vi.advanceTimersByTime(999);
    expect(deadline.passed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.passed).toBe(true);
    expect(first).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    // Once passed, a new handler runs at once.
    const late = vi.fn();
    deadline.onPass(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('passes when the dispatcher shuts down, or at once when it already has', () => {
    const shutdown = new AbortController();
    const deadline = new AttemptDeadline(shutdown.signal, 60_000);
    const handler = vi.fn();
    deadline.onPass(handler);
    shutdown.abort();
    expect(deadline.passed).toBe(true);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(new AttemptDeadline(shutdown.signal, 60_000).passed).toBe(true);
  });

  it('leaves no timer and no listener behind once disposed', () => {
    const shutdown = new AbortController();
    const deadline = new AttemptDeadline(shutdown.signal, 1_000);
    const handler = vi.fn();
    deadline.onPass(handler);
    deadline.dispose();
    expect(vi.getTimerCount()).toBe(0);
    shutdown.abort();
    vi.advanceTimersByTime(5_000);
    expect(handler).not.toHaveBeenCalled();
    expect(deadline.passed).toBe(false);
  });

  it('races work against the deadline', async () => {
    const deadline = new AttemptDeadline(new AbortController().signal, 1_000);
    await expect(deadline.race(Promise.resolve('answer'))).resolves.toBe('answer');
    const slow = deadline.race(new Promise<string>(() => undefined));
    vi.advanceTimersByTime(1_000);
    await expect(slow).rejects.toThrow('deadline passed');
  });
});
