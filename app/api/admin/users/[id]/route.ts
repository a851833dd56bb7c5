import { adminRouteId, INVALID_ID, runAdmin, type AdminIdContext } from '@/server/http/admin-route';

export const dynamic = 'force-dynamic';

/** Change a user (`id` is the username): `role`, `teamIds`, `disabled`, `password`; disabling or a reset ends their sessions. */
export async function PATCH(request: Request, context: AdminIdContext) {
  return runAdmin(
    request,
    'manageUsers',
    async (users, actor, body) => {
      const id = await adminRouteId(context);
      return id === null ? INVALID_ID : users.updateUser(actor, id, body);
    },
    { body: true },
  );
}
