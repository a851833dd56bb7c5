/**
 * The whole app as `npm start` runs it — custom server, production Next build, real route handlers, embedded
 * emulator — in a child process on free ports, for integration tests that must go through Next's route handlers
 * over HTTP. Every line the server prints is kept, so tests can assert on logs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERVISOR } from './earshot-harness';
import { waitFor } from './wait-for';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_LOCK = path.join(root, '.cache', 'next-build.lock');
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Builds the production bundle when it is missing or older than the sources (server/tools/ensure-build.mjs).
 * Test files run in parallel workers, so a lock directory makes sure only one of them builds.
 */
export async function ensureNextBuild(): Promise<void> {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  await waitFor(
    () => {
      try {
        fs.mkdirSync(BUILD_LOCK);
        return true;
      } catch {
        // A lock left by a killed run would block every later run: take it over once it is old.
        const age = Date.now() - (fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
        return false;
      }
    },
    STALE_LOCK_MS + 60_000,
    'the Next build lock',
    200,
  );
  try {
    execFileSync(process.execPath, [path.join(root, 'server/tools/ensure-build.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface NextServer {
  url: string;
  /** The data directory (database, development signing key). */
  dataDir: string;
  /** Every line the process wrote to stdout and stderr so far. */
  lines(): string[];
  /** Logs the configured supervisor in through the real login route; returns the Cookie header value. */
  login(): Promise<string>;
  /** Graceful stop (SIGTERM). */
  close(): Promise<void>;
  /** Hard stop (SIGKILL): nothing gets to flush. */
  kill(): Promise<void>;
  process: ChildProcess;
}

export interface NextServerOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (a restart); a fresh temporary one by default. */
  dataDir?: string;
}

export async function startNextServer(options: NextServerOptions = {}): Promise<NextServer> {
  await ensureNextBuild();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-next-'));
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/index.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_PATH: path.join(dataDir, 'earshot.db'),
      DEV_SIGNING_KEY_PATH: path.join(dataDir, 'dev-signing-key.json'),
      SUPERVISOR_USERNAME: SUPERVISOR.username,
      SUPERVISOR_PASSWORD: SUPERVISOR.password,
      DEMO_CALLS: '0',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited: number | string | null = null;
  child.once('exit', (code, signal) => {
    exited = code ?? signal ?? 'exit';
  });
  const collect = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      output.push(...parts);
    });
    stream.on('end', () => {
      if (partial !== '') output.push(partial);
    });
  };
  if (child.stdout) collect(child.stdout);
  if (child.stderr) collect(child.stderr);

  const url = await waitFor(
    () => {
      if (exited !== null) throw new Error(`the server exited (${String(exited)}) before listening:\n${output.slice(-30).join('\n')}`);
      for (const line of output) {
        if (!line.includes('Earshot is listening')) continue;
        try {
          const parsed = JSON.parse(line) as { url?: unknown };
          if (typeof parsed.url === 'string') return parsed.url;
        } catch {
          // not a log line
        }
      }
      return null;
    },
    120_000,
    'the server to listen',
    50,
  );

  const stop = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (exited !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  return {
    url,
    dataDir,
    process: child,
    lines: () => [...output],
    async login() {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify(SUPERVISOR),
      });
      if (response.status !== 200) throw new Error(`login failed with ${response.status}`);
      const cookie = response.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error('login set no cookie');
      return cookie;
    },
    close: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}
