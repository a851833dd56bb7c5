import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipStream, type ZipFile } from '../../server/export/zip-stream';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function* lines(prefix: string, count: number): AsyncGenerator<string> {
  for (let index = 0; index < count; index++) yield `${prefix} ${index} — ñ नमस्ते\n`;
}

describe('zipStream', () => {
  it('writes every file whole, in order, with non-ASCII text and names intact', async () => {
    const files: ZipFile[] = [
      { name: 'earshot-a-2026-12-01.txt', date: new Date('2026-12-01T10:00:00Z'), body: lines('a', 3) },
      { name: 'earshot-ñandú-2026-12-01.csv', date: new Date('2026-12-01T11:00:00Z'), body: lines('b', 20_000) },
      { name: 'empty.vtt', date: new Date('2026-12-01T12:00:00Z'), body: lines('c', 0) },
    ];
    const unzipped = unzipSync(new Uint8Array(await collect(zipStream(toAsync(files)))));
    expect(Object.keys(unzipped)).toEqual(['earshot-a-2026-12-01.txt', 'earshot-ñandú-2026-12-01.csv', 'empty.vtt']);
    expect(strFromU8(unzipped['earshot-a-2026-12-01.txt'] ?? new Uint8Array())).toBe('a 0 — ñ नमस्ते\na 1 — ñ नमस्ते\na 2 — ñ नमस्ते\n');
    const big = strFromU8(unzipped['earshot-ñandú-2026-12-01.csv'] ?? new Uint8Array()).split('\n');
    expect(big).toHaveLength(20_001);
    expect(big[19_999]).toBe('b 19999 — ñ नमस्ते');
    expect(unzipped['empty.vtt']).toHaveLength(0);
  });

  it('asks for the next file only once the previous one is written', async () => {
    const events: string[] = [];
    async function* body(name: string): AsyncGenerator<string> {
      events.push(`start ${name}`);
      yield `${name}\n`;
      events.push(`end ${name}`);
    }
    async function* files(): AsyncGenerator<ZipFile> {
      for (const name of ['one', 'two', 'three']) {
        events.push(`ask ${name}`);
        yield { name, date: new Date(0), body: body(name) };
      }
    }
    await collect(zipStream(files()));
    expect(events).toEqual(['ask one', 'start one', 'end one', 'ask two', 'start two', 'end two', 'ask three', 'start three', 'end three']);
  });

  it('ends with the error of a file that fails midway', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'first line\n';
      throw new Error('store went away');
    }
    const stream = zipStream(toAsync([{ name: 'broken.txt', date: new Date(0), body: failing() }]));
    await expect(collect(stream)).rejects.toThrow('store went away');
  });

  it('stops asking for files when its reader goes away', async () => {
    let asked = 0;
    async function* endless(): AsyncGenerator<ZipFile> {
      for (;;) {
        asked++;
        yield { name: `file-${asked}.txt`, date: new Date(0), body: lines(`f${asked}`, 2_000) };
      }
    }
    const stream = zipStream(endless());
    // Read a little, then hang up, as a browser cancelling a download does.
    for await (const chunk of stream) {
      expect(chunk).toBeInstanceOf(Buffer);
      break;
    }
    await finished(stream).catch(() => undefined);
    const askedWhenClosed = asked;
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toBe(askedWhenClosed);
    expect(asked).toBeLessThan(50);
  });
});

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
