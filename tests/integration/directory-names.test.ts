/**
 * Names reach browsers: after an admin adds a directory entry, the call list row and the call's transcript lines
 * read "Derek (agent)" over socket.io — the open list and call page are told at once (`directory:changed`), new
 * lines and rows carry the name, and a fresh snapshot, history page, search and export do too. A phone number
 * without an entry reads "Caller +1 425 555 0117".
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DirectoryChanged } from '../../lib/directory';
import type { CallHistory, CallListRow, CallListSnapshot, FinalSegment, Result, SearchResponse } from '../../lib/protocol';
import { SUPERVISOR_HEADER } from '../../server/http/request-gate';
import { runSearch } from '../../server/http/search-route';
import { getRuntime } from '../../server/runtime';
import { dataPacket, metadataPacket, openAcsStream, type SupervisorSocket } from '../helpers/earshot-harness';
import { earshotPerFile } from '../helpers/earshot-per-file';
import { waitFor } from '../helpers/wait-for';

const earshot = earshotPerFile();
const CALLER = '4:+14255550117';
const DEREK = '8:acs:res_derek';

const watch = (socket: SupervisorSocket) => new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
const open = (socket: SupervisorSocket, callId: string) => new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0, fromEnd: true }, resolve));

async function text(body: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of body) all += chunk;
  return all;
}

describe('names from the directory', () => {
  it('names participants in list rows, transcript lines, history, search and exports once an entry is added', async () => {
    const callId = `names-${randomUUID()}`;
    const socket = await earshot.supervisor();
    const rows: CallListRow[] = [];
    const segments: FinalSegment[] = [];
    const changes: DirectoryChanged[] = [];
    socket.on('calls:changed', (batch) => rows.push(...batch));
    socket.on('call:segment', (segment) => segments.push(segment));
    socket.on('directory:changed', (event) => changes.push(event));
    expect((await watch(socket)).ok).toBe(true);

    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await stream.send(dataPacket('I would like a refund.', { speaker: CALLER }));
    await stream.send(dataPacket('Let me look into that.', { speaker: DEREK, offsetMs: 1_000 }));
    await waitFor(() => rows.some((row) => row.callId === callId && row.lastSeq === 2), 10_000, 'the call’s row');
    const before = rows.findLast((row) => row.callId === callId);
    expect(before?.participants).toEqual([
      { rawId: CALLER, label: 'Caller +1 425 555 0117' },
      { rawId: DEREK, label: 'ACS user …_derek' },
    ]);
    expect((await open(socket, callId)).ok).toBe(true);

    const put = await getRuntime().directoryAdmin.put('sam', DEREK, { displayName: 'Derek', kind: 'agent' });
    expect(put).toMatchObject({ status: 201, result: { ok: true, data: { rawId: DEREK, displayName: 'Derek', kind: 'agent', teamIds: [] } } });
    // The open list and call page hear which label changed, at once.
    await waitFor(() => changes.length > 0, 10_000, 'directory:changed');
    expect(changes).toEqual([{ labels: [{ rawId: DEREK, label: 'Derek (agent)' }] }]);

    // New lines and the rows they change carry the name.
    await stream.send(dataPacket('I have found your order.', { speaker: DEREK, offsetMs: 2_000 }));
    await waitFor(() => segments.some((segment) => segment.seq === 3), 10_000, 'the third line');
    expect(segments.find((segment) => segment.seq === 3)?.speaker).toEqual({ rawId: DEREK, kind: 'communicationUser', label: 'Derek (agent)' });
    await waitFor(() => rows.some((row) => row.callId === callId && row.lastSeq === 3), 10_000, 'the row after the third line');
    const after = rows.findLast((row) => row.callId === callId);
    expect(after?.participants.map((participant) => participant.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)']);
    expect(after?.lastLine?.speakerLabel).toBe('Derek (agent)');

    // A fresh snapshot and history name the lines stored before the entry existed.
    const snapshot = await watch(socket);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.data.calls.find((row) => row.callId === callId)?.participants.map((participant) => participant.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)']);
    const history = await open(socket, callId);
    if (!history.ok) throw new Error(history.error.message);
    expect(history.data.segments.map((line) => line.speaker.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)', 'Derek (agent)']);
    expect(history.data.call.participants.map((participant) => participant.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)']);

    // Exports: the speaker column names Derek; JSON keeps the raw id beside the name.
    const exports = getRuntime().exports;
    const csv = await exports.start('sam', callId, new URLSearchParams({ format: 'csv' }));
    const json = await exports.start('sam', callId, new URLSearchParams({ format: 'json' }));
    if (!csv.ok || !json.ok) throw new Error('export refused');
    expect(await text(csv.file.body)).toContain('Derek (agent),communicationUser');
    const document = JSON.parse(await text(json.file.body)) as { segments: { speaker: { rawId: string; label: string } }[] };
    expect(document.segments[1]?.speaker).toMatchObject({ rawId: DEREK, label: 'Derek (agent)' });

    // Search results: the hit's speaker and the call's participants.
    const found = await runSearch(new Request('http://earshot.test/api/search?q=found', { headers: { [SUPERVISOR_HEADER]: 'sam' } }));
    const body = (await found.json()) as Result<SearchResponse>;
    if (!body.ok) throw new Error(body.error.message);
    expect(body.data.hits.find((hit) => hit.callId === callId)).toMatchObject({ speakerLabel: 'Derek (agent)', speakerRawId: DEREK });
    expect(body.data.calls.find((call) => call.callId === callId)?.participants.map((participant) => participant.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)']);

    // Deleting the entry tells the browsers the raw-id label again.
    expect((await getRuntime().directoryAdmin.remove('sam', DEREK)).status).toBe(200);
    await waitFor(() => changes.length > 1, 10_000, 'the second directory:changed');
    expect(changes[1]).toEqual({ labels: [{ rawId: DEREK, label: 'ACS user …_derek' }] });
    await stream.close();
  });
});
