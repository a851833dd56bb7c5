/**
 * socket.io's parser with an encoder for JSON payloads only. The stock encoder walks every emitted payload looking
 * for Buffers and Blobs (binary attachments) before it serialises it; Earshot's events are all JSON, so the walk
 * is pure cost, paid for every line sent to every browser (about 3 % of the CPU at 6,000 packets a second). The
 * text it produces is the stock encoder's, byte for byte (socket.io protocol v5: type, namespace, ack id, JSON), so
 * browsers decode it with the stock client; decoding what browsers send is the stock decoder's job.
 *
 * A Buffer in a payload would reach a browser as its JSON form (`{"type":"Buffer","data":[…]}`), not as an
 * attachment: emit binary through another parser if that is ever wanted.
 */
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

export class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) return super.encode(packet) as string[];
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += String(packet.id);
    if (packet.data !== undefined && packet.data !== null) text += JSON.stringify(packet.data);
    return [text];
  }
}

/** The `parser` option of socket.io's Server. */
export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder };
