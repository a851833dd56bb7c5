/**
 * Waits for a condition instead of sleeping a fixed time: polls `predicate` until it returns something truthy and
 * returns that, or fails after `timeoutMs` with `message` and the last value seen.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5_000,
  message = 'condition not met',
  intervalMs = 10,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await predicate();
    if (last !== undefined && last !== null && last !== false && last !== 0 && last !== '') return last as NonNullable<T>;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  let shown: string;
  try {
    shown = JSON.stringify(last)?.slice(0, 300) ?? String(last);
  } catch {
    shown = String(last);
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms: ${message} (last value: ${shown})`);
}
