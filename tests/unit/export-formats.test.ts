/** Every export format, parsed back with an independent parser and compared with the lines that went in. */
import { parse as parseCsv } from 'csv-parse/sync';
import SrtParser from 'srt-parser-2';
import { describe, expect, it } from 'vitest';
import webvtt, { type WebVttNode } from 'webvtt-parser';
import { CallExportSchema } from '../../lib/export/call-export-schema';
import { CSV_COLUMNS } from '../../lib/export/csv-export';
import { exportCall, exportContentType, exportFileName, exportFileNameUnicode, EXPORT_FORMATS } from '../../lib/export/export-call';
import { cueTextLines, MIN_CUE_MS, toExportedSegment } from '../../lib/export/export-model';
import type { FinalLine } from '../../lib/protocol';
import { collect, exportLines, exportSource } from '../helpers/export-fixtures';

const lines = exportLines();
const startMs = (line: FinalLine) => line.offsetMs;
const endMs = (line: FinalLine) => line.offsetMs + Math.max(MIN_CUE_MS, line.durationMs);
/** What a spreadsheet-safe cell holds: the text, with `'` in front of a leading = + - @. */
const csvCell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('CSV export', () => {
  it('has a BOM, CRLF records and one row per line that csv-parse reads back intact', async () => {
    const text = await collect(exportCall('csv', exportSource()));
    expect(text.startsWith('\uFEFFseq,start,end,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every record ends in CRLF; a bare LF only appears inside a quoted field (the two-line text).
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(true);
    const records = parseCsv(text, { bom: true, columns: true, relax_quotes: false }) as Record<(typeof CSV_COLUMNS)[number], string>[];
    expect(records).toHaveLength(lines.length);
    records.forEach((record, index) => {
      const line = lines[index] as FinalLine;
      expect(record.seq).toBe(String(line.seq));
      expect(record.text).toBe(csvCell(line.text));
      expect(record.speaker).toBe(csvCell(line.speaker.label));
      expect(record.speaker_kind).toBe(line.speaker.kind);
      expect(record.language).toBe(line.language);
      expect(record.sentiment).toBe(line.sentiment);
      expect(record.pii_masked).toBe(String(line.piiMasked));
    });
    expect(records[1]).toMatchObject({ start: '00:00:03.200', end: '00:00:05.950', bookmarked: 'true', notes: 'sam: Escalate, "now", please' });
    expect(records[0]).toMatchObject({ bookmarked: 'false', notes: '' });
    // Zero and negative durations still give a cue of MIN_CUE_MS; an hour-long offset keeps its hours.
    expect(records[2]).toMatchObject({ start: '00:00:06.500', end: '00:00:07.000' });
    expect(records[3]).toMatchObject({ start: '00:00:09.000', end: '00:00:09.500' });
    expect(records[5]?.start).toBe('01:02:03.456');
    // The masked text is exactly what was stored: `*` never turns back into digits.
    expect(records[3]?.text).toContain('**** **** **** 1234');
  });

  it('quotes only what RFC 4180 says, doubling quotes', async () => {
    const text = await collect(exportCall('csv', exportSource()));
    expect(text).toContain('"My card is **** **** **** 1234, ""quoted"", and a comma"');
    expect(text).toContain('\r\n1,00:00:01.000,00:00:02.500,"Agent <A&B> ""Sam""",communicationUser,en-US,neutral,false,"Hello, how can I help?",false,\r\n');
    expect(text).toContain('"\'=HYPERLINK(""http://evil"")"');
  });
});

describe('WebVTT export', () => {
  it('parses with no error in the W3C parser, cue per line, speaker as the voice, text escaped', async () => {
    const text = await collect(exportCall('vtt', exportSource()));
    expect(text.startsWith('WEBVTT\n\n')).toBe(true);
    // The parser's default entity table lacks the semicolons (`&amp` for `&amp;`) and keeps the `;` of every escape.
    const parsed = new webvtt.WebVTTParser({ '&amp;': '&', '&lt;': '<', '&gt;': '>' }).parse(text, 'metadata');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues).toHaveLength(lines.length);
    parsed.cues.forEach((cue, index) => {
      const line = lines[index] as FinalLine;
      expect(cue.id).toBe(String(line.seq));
      expect(cue.startTime).toBeCloseTo(startMs(line) / 1000, 3);
      expect(cue.endTime).toBeCloseTo(endMs(line) / 1000, 3);
      expect(cue.endTime).toBeGreaterThan(cue.startTime);
      const [voice, ...rest] = cue.tree.children;
      expect(rest).toEqual([]);
      expect(voice).toMatchObject({ type: 'object', name: 'v' });
      expect(decodeEntities(String(voice?.value))).toBe(line.speaker.label);
      expect(textOf(voice?.children ?? [])).toBe(cueTextLines(line.text).join('\n'));
    });
    // No cue text can open a tag or hold an arrow.
    expect(text).toContain('second --&gt; arrow &lt;b&gt;not bold&lt;/b&gt; &amp; more');
  });
});

describe('SRT export', () => {
  it('parses with srt-parser-2: numbered cues, comma times, speaker prefix', async () => {
    const text = await collect(exportCall('srt', exportSource()));
    expect(text).toMatch(/^1\n00:00:01,000 --> 00:00:02,500\nAgent <A&B> "Sam": Hello, how can I help\?\n\n2\n/);
    const cues = new SrtParser().fromSrt(text);
    expect(cues).toHaveLength(lines.length);
    cues.forEach((cue, index) => {
      const line = lines[index] as FinalLine;
      expect(cue.id).toBe(String(index + 1));
      expect(cue.startSeconds).toBeCloseTo(startMs(line) / 1000, 3);
      expect(cue.endSeconds).toBeCloseTo(endMs(line) / 1000, 3);
      expect(cue.text).toBe(cueTextLines(`${line.speaker.label}: ${line.text}`).join('\n').replace(/-->/g, '->'));
    });
  });
});

describe('text export', () => {
  it('reads as a transcript: header, timed lines with speakers, then summaries and notes', async () => {
    const text = await collect(exportCall('txt', exportSource()));
    const rows = text.split('\n');
    expect(rows[0]).toBe('Call call/é 1');
    expect(rows).toContain('Started: 2026-12-02T09:30:00.000Z');
    expect(rows).toContain('Ended: not yet');
    expect(rows).toContain('[00:00:01] Agent <A&B> "Sam": Hello, how can I help?');
    expect(rows).toContain('[00:00:03] ★ +34 910 000 000: Quiero cancelar la garantía, señor — ¿está bien?');
    expect(rows).toContain('[00:00:06] Agent <A&B> "Sam": नमस्ते, आपका खाता संख्या क्या है? 🙏👍🏽');
    expect(rows).toContain('[01:02:03] Agent <A&B> "Sam": Two lines:');
    expect(rows.indexOf('Summaries')).toBeGreaterThan(rows.indexOf('[00:00:01] Agent <A&B> "Sam": Hello, how can I help?'));
    expect(rows).toContain('Caller wants to cancel; card ****.');
    expect(rows).toContain(`[${new Date(1_700_000_060_000).toISOString()}] sam on line 2 [00:00:03]. Note: Escalate, "now", please`);
    expect(rows).toContain(`[${new Date(1_700_000_050_000).toISOString()}] kim on line 2 [00:00:03]. Bookmark`);
    expect(rows).toContain(`[${new Date(1_700_000_070_000).toISOString()}] kim on the call. Note: Whole call: follow up 👍`);
  });
});

describe('JSON export', () => {
  it('is valid JSON that its versioned zod schema accepts, with every line, summary, alert, note and audit entry', async () => {
    const source = exportSource();
    const document = CallExportSchema.parse(JSON.parse(await collect(exportCall('json', source))));
    expect(document).toMatchObject({ schema: 'earshot.call-export', version: 1, exportedBy: 'sam', exportedAt: source.exportedAt });
    expect(document.call).toMatchObject({ callId: 'call/é 1', lineCount: lines.length, startedAt: source.call.startedAt });
    expect(document.segments).toEqual(lines.map(toExportedSegment));
    expect(document.summaries.map((summary) => summary.text)).toEqual(['Caller wants to cancel; card ****.']);
    expect(document.alerts.map((alert) => alert.id)).toEqual(['al1']);
    expect(document.annotations.map((annotation) => [annotation.id, annotation.seq, annotation.text])).toEqual([
      ['a1', 2, null],
      ['a2', 2, 'Escalate, "now", please'],
      ['a3', null, 'Whole call: follow up 👍'],
    ]);
    expect(document.audit.map((entry) => entry.action)).toEqual(['export']);
  });

  it('is valid for a call without lines', async () => {
    const document = CallExportSchema.parse(JSON.parse(await collect(exportCall('json', exportSource({ lines: [] })))));
    expect(document.segments).toEqual([]);
  });
});

describe('every format', () => {
  it('streams: the first chunks come before the lines are all read, for a 12,000-line call', async () => {
    for (const format of EXPORT_FORMATS) {
      let pulled = 0;
      const template = lines[0] as FinalLine;
      async function* many(): AsyncGenerator<FinalLine> {
        for (let seq = 1; seq <= 12_000; seq += 1) {
          pulled += 1;
          yield { ...template, seq, offsetMs: seq * 1_000 };
        }
      }
      const iterator = exportCall(format, exportSource({ segments: many() }))[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
      expect(pulled, format).toBeLessThan(5);
      let chunks = 2;
      while (!(await iterator.next()).done) chunks += 1;
      expect(pulled, format).toBe(12_000);
      expect(chunks, format).toBeGreaterThanOrEqual(12_000);
    }
  });

  it('names the download after the call and its date, safely, with a type per format', () => {
    const call = { callId: 'call/é 1', startedAt: Date.UTC(2026, 11, 2, 23, 59) };
    expect(exportFileName(call, 'csv')).toBe('earshot-call-e-1-2026-12-02.csv');
    expect(exportFileNameUnicode(call, 'csv')).toBe('earshot-call-é 1-2026-12-02.csv');
    expect(exportFileName({ callId: '../../etc/passwd', startedAt: 0 }, 'txt')).toBe('earshot-etc-passwd-1970-01-01.txt');
    expect(exportFileName({ callId: 'नमस्ते', startedAt: 0 }, 'vtt')).toBe('earshot-call-1970-01-01.vtt');
    expect(exportFileNameUnicode({ callId: 'नमस्ते\r\n"x"', startedAt: 0 }, 'vtt')).toBe('earshot-नमस्ते-x-1970-01-01.vtt');
    expect(exportFileName({ callId: 'a'.repeat(256), startedAt: 0 }, 'json')).toBe(`earshot-${'a'.repeat(80)}-1970-01-01.json`);
    expect(EXPORT_FORMATS.map(exportContentType)).toEqual([
      'application/json; charset=utf-8',
      'text/csv; charset=utf-8',
      'text/plain; charset=utf-8',
      'text/vtt; charset=utf-8',
      'application/x-subrip; charset=utf-8',
    ]);
  });
});

function textOf(nodes: readonly WebVttNode[]): string {
  return nodes.map((node) => (node.type === 'text' ? String(node.value) : textOf(node.children ?? []))).join('');
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
