/** Structured logging (pino). Secrets and unmasked transcript text never reach a log line. */
import pino, { type Logger } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'accessKey',
  '*.accessKey',
  'connectionString',
  '*.connectionString',
  'text',
  '*.text',
];

/**
 * Errors are logged by type, code, message and stack only: drivers attach more (pg's `detail` quotes the values of
 * the row that failed), and that can be transcript text. Messages in Earshot's own errors never carry data.
 */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message.slice(0, 500), ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}), stack: error.stack };
}

/** `destination`: where lines go (stdout by default); tests pass a stream to read them. */
export function createLogger(level: string, name = 'earshot', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { err: serializeError } };
  return destination ? pino(options, destination) : pino(options);
}

/** Logs one line per key per window and counts what it swallowed, so a flood of bad packets cannot flood the log. */
export class RateLimitedLog {
  private readonly windows = new Map<string, { until: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const at = this.now();
    const window = this.windows.get(key);
    if (window && window.until > at) {
      window.suppressed += 1;
      return;
    }
    this.windows.set(key, { until: at + this.windowMs, suppressed: 0 });
    this.log.warn({ ...fields, suppressedSinceLast: window?.suppressed ?? 0 }, message);
    if (this.windows.size > 10_000) this.prune(at);
  }

  private prune(at: number): void {
    for (const [key, window] of this.windows) if (window.until <= at) this.windows.delete(key);
  }
}
