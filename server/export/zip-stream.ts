/**
 * A ZIP archive written as a stream, one file at a time: the next file is asked for only once the previous one is
 * in the archive, and the archive is read only as fast as its consumer reads it, so thousands of files take the
 * memory of one. archiver does the ZIP format (deflate, CRCs, ZIP64 for large archives); this only feeds it in order.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';

export interface ZipFile {
  /** The file's path in the archive; unique within it. */
  name: string;
  /** Its modification time in the archive. */
  date: Date;
  body: AsyncIterable<string>;
}

/** Streams a ZIP of `files`. A failing source ends the stream with that error; destroying the stream stops reading `files`. */
export function zipStream(files: AsyncIterable<ZipFile>): Readable {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const stop = new AbortController();
  archive.once('close', () => stop.abort());
  const fail = (error: unknown) => {
    if (stop.signal.aborted) return;
    stop.abort();
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  void (async () => {
    for await (const file of files) {
      if (stop.signal.aborted) return;
      const input = Readable.from(file.body, { objectMode: false });
      // archiver does not pass on its inputs' errors: a file that fails midway fails the archive.
      input.once('error', fail);
      // Listen before appending: the entry event must not fire unheard.
      const written = once(archive, 'entry', { signal: stop.signal });
      archive.append(input, { name: file.name, date: file.date });
      await written;
    }
    await archive.finalize();
  })().catch(fail);
  return archive;
}
