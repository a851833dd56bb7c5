/** Route handlers' permission check against the running server's store (see server/auth/authorization.ts). */
import type { Permission } from '../../lib/permissions';
import { authorize, type Authorization } from '../auth/authorization';
import { getRuntime } from '../runtime';

export function authorizeRequest(request: Request, permission?: Permission): Promise<Authorization> {
  return authorize(request, getRuntime().users.store, permission);
}
