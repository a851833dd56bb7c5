/** The Earshot server alone (no Next), for the benchmark: prints its URL on stdout once listening. */
import { loadConfig } from '../../server/config';
import { createEarshotServer } from '../../server/create-app';
import { createLogger } from '../../server/log';

const config = loadConfig(process.env);
const server = await createEarshotServer({ config, log: createLogger(config.logLevel) });
// No Next here, so no login route: log the benchmark's supervisors in directly and hand over the cookie.
const login = await server.auth.login(config.supervisor.username ?? '', config.supervisor.password ?? '', 'bench');
if (!login.ok) throw new Error(login.message);
process.stdout.write(`READY ${server.url} earshot_session=${login.token}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
