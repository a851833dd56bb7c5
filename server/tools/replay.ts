/**
 * npm run replay -- [options] <recording.jsonl> [more.jsonl …]
 * Streams recorded ACS transcript packets into a running Earshot exactly as ACS would.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import nextEnv from '@next/env';
import { EMULATOR_AUDIENCE } from '../config';
import { loadOrCreateDevSigningKey } from '../ingress/dev-signing-key';
import { parseRecording, renameCall } from '../replay/recording-format';
import { replayStreams } from '../replay/replay-recording';

const USAGE = `Usage: npm run replay -- [options] <recording.jsonl> [more.jsonl …]

Options:
  --url <ws-url>      ingress to stream into (default ws://127.0.0.1:$PORT/ws/transcripts, PORT defaults to 3000)
  --speed <n>         play n times faster than recorded (default 1)
  --fast              send every packet without waiting
  --new-call          give each stream a fresh call id, so a recording can be replayed again as a new call
  --call-id <id>      use this call id (single-stream recordings)
  --key <path>        development signing key (default $DEV_SIGNING_KEY_PATH or ./data/dev-signing-key.json)
  --issuer <iss>      JWT issuer (default $ACS_JWT_ISSUER or ACS's)
  --audience <aud>    JWT audience (default $ACS_JWT_AUDIENCE or ${EMULATOR_AUDIENCE})

Recordings shipped with Earshot are in server/replay/recordings/.`;

async function main() {
  nextEnv.loadEnvConfig(process.cwd());
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      speed: { type: 'string', default: '1' },
      fast: { type: 'boolean', default: false },
      'new-call': { type: 'boolean', default: false },
      'call-id': { type: 'string' },
      key: { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const speed = values.fast ? Number.POSITIVE_INFINITY : Number(values.speed);
  if (!(speed > 0)) throw new Error('--speed must be a positive number');
  const url = values.url ?? `ws://127.0.0.1:${process.env.PORT ?? '3000'}/ws/transcripts`;
  const key = await loadOrCreateDevSigningKey(path.resolve(values.key ?? process.env.DEV_SIGNING_KEY_PATH ?? './data/dev-signing-key.json'));
  const issuer = values.issuer ?? process.env.ACS_JWT_ISSUER ?? 'https://acscallautomation.communication.azure.com';
  const audience = values.audience ?? process.env.ACS_JWT_AUDIENCE ?? EMULATOR_AUDIENCE;

  for (const file of positionals) {
    let streams = parseRecording(await fs.readFile(file, 'utf8'), file);
    if (values['call-id'] !== undefined) {
      if (streams.length !== 1) throw new Error(`--call-id needs a single-stream recording; ${file} has ${streams.length}`);
      streams = streams.map((stream) => renameCall(stream, values['call-id'] as string));
    } else if (values['new-call']) {
      streams = streams.map((stream) => renameCall(stream, randomUUID()));
    }
    const frames = streams.reduce((sum, stream) => sum + stream.frames.length, 0);
    process.stdout.write(`Replaying ${file}: ${streams.length} stream(s), ${frames} frame(s) → ${url}\n`);
    await replayStreams(streams, { url, key, issuer, audience, speed });
    process.stdout.write(`Done: ${streams.map((stream) => stream.callConnectionId ?? '(from metadata)').join(', ')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
