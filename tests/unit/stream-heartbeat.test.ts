import { afterEach, describe, expect, it } from 'vitest';
import { StreamHeartbeat } from '../../server/ingress/stream-heartbeat';

class FakeSocket {
  pings = 0;
  terminated = false;
  constructor(readonly name: string) {}
  ping() {
    this.pings += 1;
  }
  terminate() {
    this.terminated = true;
  }
}

let heartbeat: StreamHeartbeat<FakeSocket> | null = null;
afterEach(() => heartbeat?.close());

function setup(intervalMs = 30_000, tickMs = 1_000) {
  const clock = { now: 0 };
  heartbeat = new StreamHeartbeat<FakeSocket>({ intervalMs, tickMs, now: () => clock.now });
  return { clock, heartbeat };
}

describe('transcript stream heartbeat', () => {
  it('pings a socket once an interval has passed, and terminates one that did not answer the previous ping', () => {
    const { clock, heartbeat } = setup();
    const answers = new FakeSocket('answers');
    const silent = new FakeSocket('silent');
    heartbeat.add(answers);
    heartbeat.add(silent);
    // Two sockets, 30 ticks an interval: one socket a tick at most, so a round takes two ticks.
    const round = (at: number) => {
      clock.now = at;
      heartbeat.tick();
      clock.now = at + 1_000;
      heartbeat.tick();
    };
    round(28_999);
    expect([answers.pings, silent.pings]).toEqual([0, 0]);
    round(30_000);
    expect([answers.pings, silent.pings]).toEqual([1, 1]);
    heartbeat.pong(answers);
    round(45_000);
    expect([answers.pings, silent.terminated]).toEqual([1, false]);
    round(61_000);
    expect(answers.pings).toBe(2);
    expect(answers.terminated).toBe(false);
    expect(silent.terminated).toBe(true);
    expect(heartbeat.size).toBe(1);
  });

  it('spreads sockets opened together over the interval instead of pinging them all in one tick', () => {
    const { clock, heartbeat } = setup(30_000, 1_000);
    const sockets = Array.from({ length: 3_000 }, (_, index) => new FakeSocket(String(index)));
    for (const socket of sockets) heartbeat.add(socket);
    clock.now = 30_000;
    const perTick: number[] = [];
    for (let tick = 0; tick < 30; tick += 1) {
      const before = sockets.reduce((sum, socket) => sum + socket.pings, 0);
      heartbeat.tick();
      for (const socket of sockets) heartbeat.pong(socket);
      perTick.push(sockets.reduce((sum, socket) => sum + socket.pings, 0) - before);
      clock.now += 1_000;
    }
    expect(Math.max(...perTick)).toBe(100);
    // Every socket was pinged once in the first interval, none twice, and none terminated.
    expect(sockets.every((socket) => socket.pings === 1 && !socket.terminated)).toBe(true);
    // In step no longer: the next round finds them due in the same spread.
    const before = sockets.reduce((sum, socket) => sum + socket.pings, 0);
    heartbeat.tick();
    expect(sockets.reduce((sum, socket) => sum + socket.pings, 0) - before).toBeLessThanOrEqual(100);
  });

  it('forgets closed sockets', () => {
    const { clock, heartbeat } = setup();
    const socket = new FakeSocket('closed');
    heartbeat.add(socket);
    heartbeat.remove(socket);
    clock.now = 120_000;
    heartbeat.tick();
    expect(socket.pings).toBe(0);
    expect(heartbeat.size).toBe(0);
  });
});
