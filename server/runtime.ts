/**
 * How Next route handlers reach the running server. Next bundles route handlers into their own module graph,
 * so a module-level singleton imported from there would be a second, empty copy; the custom server publishes
 * the one real runtime on globalThis instead, and a missing runtime is a loud error, not a silent no-op.
 */
import type { HealthReport } from '../lib/protocol';
import type { AcsWebhooks } from './acs/acs-webhooks';
import type { AcsCallAutomation } from './acs/call-automation';
import type { AlertWebhooks } from './alerts/alert-webhooks';
import type { CallAnnotations } from './annotations/call-annotations';
import type { BulkExports } from './export/bulk-exports';
import type { CallExports } from './export/call-exports';
import type { SupervisorAuth } from './auth/supervisor-auth';
import type { CallControl } from './calls/call-control';
import type { CallService } from './calls/call-service';
import type { RingingCalls } from './calls/ringing-calls';
import type { Triage } from './rules/triage';
import type { CallHistoryService } from './history/call-history-service';
import type { SearchStore } from './store/search-store';
import type { UserAdmin } from './auth/user-admin';
import type { OidcSignIn } from './auth/oidc-sign-in';
import type { Directory } from './directory/directory';
import type { DirectoryAdmin } from './directory/directory-admin';
import type { CallVisibility } from './auth/call-access';

export interface EarshotRuntime {
  auth: SupervisorAuth;
  calls: CallService;
  webhooks: AcsWebhooks;
  control: CallControl;
  ringing: RingingCalls;
  /** Alert rules and alerts (`/api/rules`, `/api/alerts`). */
  triage: Triage;
  /** The ACS adapter; throws AcsOperationError 503 when no ACS resource or emulator is configured. */
  acs: () => AcsCallAutomation;
  cookies: { secure: boolean; maxAgeSeconds: number };
  health(): HealthReport;
  /** Alert webhook delivery and its log. */
  alertWebhooks: AlertWebhooks;
  /** Bookmarks and notes on calls (`/api/calls/{id}/annotations`). */
  annotations: CallAnnotations;
  /** Per-call downloads (`/api/calls/{id}/export`). */
  exports: CallExports;
  /** The calls a filter matches, as one ZIP (`/api/export`). */
  bulkExports: BulkExports;
  /** The filtered call history and erasure (`GET /api/calls?…`, `DELETE /api/calls/{id}`, `/api/erasures`). */
  history: CallHistoryService;
  /** Full-text search over stored lines (`/api/search`). */
  search: SearchStore;
  /** Users, roles and teams (`/api/admin/*`), and who may do what (server/auth/authorization.ts). */
  users: UserAdmin;
  /** How people may log in: LOCAL_LOGIN (username + password) and single sign-on when OIDC_ISSUER is set. */
  signIn: { local: boolean; oidc: OidcSignIn | null };
  /** Who each ACS raw id is (cached): participants' names, and `teamIdsOf` for team scoping. */
  directory: Directory;
  /** The directory's admin API (`/api/admin/directory*`). */
  directoryAdmin: DirectoryAdmin;
  /** Whether a person may see a call, for route handlers (server/auth/call-access.ts). */
  visibility: CallVisibility;
}

const RUNTIME_KEY = Symbol.for('earshot.runtime');
type RuntimeHolder = { [RUNTIME_KEY]?: EarshotRuntime };

export function setRuntime(runtime: EarshotRuntime | undefined): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
}

export function getRuntime(): EarshotRuntime {
  const runtime = (globalThis as RuntimeHolder)[RUNTIME_KEY];
  if (!runtime) throw new Error('Earshot runtime not initialised: start the app with the custom server (npm start / npm run dev)');
  return runtime;
}
