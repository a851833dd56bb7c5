/** Runs tests/helpers/server-child.ts in a child process that a test can kill with SIGKILL and start again. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERVISOR, TEST_AUDIENCE } from './earshot-harness';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  cookie: string;
  child: ChildProcess;
  /** Every line the process printed (stdout and stderr). */
  output: string[];
  /** SIGKILL: no shutdown code runs, nothing is flushed. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: { databasePath: string; jwksUrl: string; port: number; env?: Record<string, string> }): Promise<ServerProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: path.dirname(CHILD),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      DATABASE_PATH: options.databasePath,
      SUPERVISOR_USERNAME: SUPERVISOR.username,
      SUPERVISOR_PASSWORD: SUPERVISOR.password,
      ACS_JWKS_URL: options.jwksUrl,
      ACS_JWT_AUDIENCE: TEST_AUDIENCE,
      ACS_TRUST_DEV_KEY: 'false',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
  const ready = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(...text.split('\n').filter(Boolean));
      const match = /READY (\S+) (\S+)/.exec(text);
      if (match?.[1] && match[2]) resolve([match[1], match[2]]);
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}:\n${output.slice(-20).join('\n')}`)));
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url: ready[0], cookie: ready[1], child, output, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
