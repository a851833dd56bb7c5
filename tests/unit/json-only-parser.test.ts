import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { JsonOnlyEncoder } from '../../server/realtime/json-only-parser';

const packets: Packet[] = [
  { type: PacketType.EVENT, nsp: '/', data: ['call:segment', { callId: 'c1', text: 'héllo "quoted" \u2028', seq: 3, words: [{ text: 'a', offsetMs: 0 }], sentiment: null }] },
  { type: PacketType.EVENT, nsp: '/', id: 12, data: ['calls:watch'] },
  { type: PacketType.EVENT, nsp: '/admin', data: ['x', 1, 'two', [3]] },
  { type: PacketType.EVENT, nsp: '/admin', id: 0, data: ['x'] },
  { type: PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, data: { rows: [] } }] },
  { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
  { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'unauthorized' } },
  { type: PacketType.DISCONNECT, nsp: '/' },
];

describe('JSON-only socket.io encoder', () => {
  it('writes what the stock encoder writes, for every kind of packet', () => {
    const stock = new Encoder();
    const ours = new JsonOnlyEncoder();
    for (const packet of packets) expect(ours.encode(structuredClone(packet))).toEqual(stock.encode(structuredClone(packet)));
  });

  it('sends a Buffer as its JSON form instead of as an attachment (Earshot emits none)', () => {
    const [text, ...attachments] = new JsonOnlyEncoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['blob', Buffer.from([1, 2])] });
    expect(attachments).toEqual([]);
    expect(text).toBe('2["blob",{"type":"Buffer","data":[1,2]}]');
  });
});
