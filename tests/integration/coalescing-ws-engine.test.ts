import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWrites } from '../../server/realtime/coalescing-ws-engine';

/** A connected loopback pair: `sender` is the server's end, `received` collects what the client reads. */
async function socketPair() {
  const server = net.createServer();
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  const chunks: Buffer[] = [];
  client.on('data', (chunk) => chunks.push(chunk));
  const sender = await accepted;
  const received = () => Buffer.concat(chunks).toString('utf8');
  const close = () => {
    client.destroy();
    sender.destroy();
    server.close();
  };
  return { sender, client, received, close };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('write coalescing for browser sockets', () => {
  it('holds a turn’s writes and sends them together, in order, once the turn’s I/O is done', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    coalesceWrites(pair.sender);
    const frames = Array.from({ length: 200 }, (_, index) => `frame ${index};`);
    let callbacks = 0;
    for (const frame of frames) pair.sender.write(frame, () => (callbacks += 1));
    // Nothing has gone to the kernel yet: all of it waits in the socket, corked.
    expect(pair.sender.writableCorked).toBe(1);
    expect(pair.sender.writableLength).toBe(frames.join('').length);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pair.sender.writableCorked).toBe(0);
    await until(() => pair.received().length === frames.join('').length, 'every frame');
    expect(pair.received()).toBe(frames.join(''));
    await until(() => callbacks === frames.length, 'every write callback');

    // The next turn corks again.
    pair.sender.write('next;');
    expect(pair.sender.writableCorked).toBe(1);
    await until(() => pair.received().endsWith('next;'), 'the next turn’s frame');
  });

  it('sends what a write callback writes (engine.io’s held-back packets) in the same turn, not a turn later', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    coalesceWrites(pair.sender);
    pair.sender.write('first;', () => {
      pair.sender.write('held back;');
    });
    expect(pair.sender.writableCorked).toBe(1);
    // The release runs in this turn's check phase, before this immediate; so do the callbacks it causes.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pair.sender.writableCorked).toBe(0);
    expect(pair.sender.writableLength).toBe(0);
    await until(() => pair.received() === 'first;held back;', 'both frames');
  });

  it('lets a socket that ends mid-turn flush what it holds, and one destroyed mid-turn go quietly', async () => {
    const ending = await socketPair();
    cleanups.push(ending.close);
    coalesceWrites(ending.sender);
    ending.sender.write('last words;');
    ending.sender.end('bye');
    await until(() => ending.received() === 'last words;bye', 'the ended socket’s data');

    const destroyed = await socketPair();
    cleanups.push(destroyed.close);
    coalesceWrites(destroyed.sender);
    destroyed.sender.write('lost;');
    destroyed.sender.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(destroyed.sender.destroyed).toBe(true);
  });
});
