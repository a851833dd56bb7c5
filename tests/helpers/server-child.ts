/**
 * The Earshot server alone (no Next) as a child process, configured by its environment, for tests that kill it:
 * prints `READY <url> <session cookie>` once listening.
 */
import { loadConfig } from '../../server/config';
import { createEarshotServer } from '../../server/create-app';
import { createLogger } from '../../server/log';

const config = loadConfig(process.env);
const server = await createEarshotServer({ config, log: createLogger(config.logLevel) });
const login = await server.auth.login(config.supervisor.username ?? '', config.supervisor.password ?? '', 'test-child');
if (!login.ok) throw new Error(login.message);
process.stdout.write(`READY ${server.url} earshot_session=${login.token}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
