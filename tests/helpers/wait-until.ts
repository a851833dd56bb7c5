/** Polls a condition instead of sleeping a fixed time. */
export async function waitUntil<T>(probe: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number; message?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined && last !== null && last !== false) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
  throw new Error(`timed out: ${options.message ?? 'condition not met'} (last value: ${JSON.stringify(last)})`);
}
