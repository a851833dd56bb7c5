/**
 * One Earshot server and its ACS stand-in for a whole test file: started before its first test and closed after its
 * last; the supervisor sockets a test connects are disconnected after that test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type StartEarshotOptions, type SupervisorSocket, type TestAcs } from './earshot-harness';

export interface EarshotPerFile {
  readonly acs: TestAcs;
  readonly server: EarshotServer;
  /** A logged-in supervisor's socket, disconnected after the test. */
  supervisor(): Promise<SupervisorSocket>;
}

export function earshotPerFile(options: Partial<StartEarshotOptions> = {}): EarshotPerFile {
  let acs: TestAcs | undefined;
  let server: EarshotServer | undefined;
  const sockets: SupervisorSocket[] = [];
  beforeAll(async () => {
    acs = await startTestAcs();
    server = await startEarshot({ databasePath: tempDatabasePath(), ...options, jwksUrl: acs.jwksUrl });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.close();
    await acs?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('Earshot is not started: use it inside a test');
    return value;
  };
  return {
    get acs() {
      return started(acs);
    },
    get server() {
      return started(server);
    },
    async supervisor() {
      const socket = await connectSupervisor(started(server));
      sockets.push(socket);
      return socket;
    },
  };
}
