/** Playwright fixtures: a logged-in page, and an ACS stand-in that streams packets into the ingress. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { parseRecording, renameCall } from '../../server/replay/recording-format';
import { replayStreams, signAcsToken } from '../../server/replay/replay-recording';
import { fitsInHeader } from '../helpers/odd-call-ids';
import { E2E_PORT, E2E_SUPERVISOR } from './playwright.config';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const INGRESS_URL = `ws://127.0.0.1:${E2E_PORT}/ws/transcripts`;
const ISSUER = 'https://acscallautomation.communication.azure.com';
const AUDIENCE = 'earshot-emulator';

export interface AcsStreamHandle {
  callId: string;
  send(packet: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface AcsSender {
  /** Replays a shipped recording as a new call and returns its call id. */
  replay(recording: string, speed?: number): Promise<string>;
  /**
   * Opens a transcript stream, metadata first, for a new call (a random id unless `callId` is given). The id goes in
   * the `x-ms-call-connection-id` header, as ACS sends it, when a header can carry it; an id a header cannot carry
   * (non-ASCII, surrounding spaces) goes only in the metadata packet.
   */
  open(metadata?: Record<string, unknown>, options?: { callId?: string }): Promise<AcsStreamHandle>;
}


async function devKey() {
  return loadOrCreateDevSigningKey(path.join(root, '.cache', 'e2e-dev-signing-key.json'));
}

/** A token ACS would send with a transcript stream (signed with the development key the e2e servers trust). */
export async function acsToken(): Promise<string> {
  return signAcsToken(await devKey(), ISSUER, AUDIENCE);
}

export async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByTestId('login.username').fill(E2E_SUPERVISOR.username);
  await page.getByTestId('login.password').fill(E2E_SUPERVISOR.password);
  await page.getByTestId('login.submit').click();
  await expect(page).toHaveURL(/\/$/);
}

export const test = base.extend<{ acs: AcsSender; loggedInPage: Page }>({
  acs: async ({}, use) => {
    const opened: WebSocket[] = [];
    await use({
      async replay(recording, speed = 20) {
        const text = await fs.readFile(path.join(root, 'server/replay/recordings', recording), 'utf8');
        const callId = randomUUID();
        const streams = parseRecording(text, recording).map((stream) => renameCall(stream, callId));
        await replayStreams(streams, { url: INGRESS_URL, key: await devKey(), issuer: ISSUER, audience: AUDIENCE, speed });
        return callId;
      },
      async open(metadata = {}, options = {}) {
        const callId = options.callId ?? randomUUID();
        const token = await signAcsToken(await devKey(), ISSUER, AUDIENCE);
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (fitsInHeader(callId)) headers['x-ms-call-connection-id'] = callId;
        const socket = new WebSocket(INGRESS_URL, { headers });
        opened.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
        await send({ kind: 'TranscriptionMetadata', transcriptionMetadata: { subscriptionId: 'e2e', locale: 'en-US', callConnectionId: callId, correlationId: randomUUID(), ...metadata } });
        return {
          callId,
          send,
          close: () => new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close(1000);
          }),
        };
      },
    });
    for (const socket of opened) socket.terminate();
  },
  loggedInPage: async ({ page }, use) => {
    await logIn(page);
    await use(page);
  },
});

export { expect };
