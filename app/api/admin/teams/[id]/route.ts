import { adminRouteId, INVALID_ID, runAdmin, type AdminIdContext } from '@/server/http/admin-route';

export const dynamic = 'force-dynamic';

/** Rename a team or replace its patterns: `{ name?, match? }`. */
export async function PATCH(request: Request, context: AdminIdContext) {
  return runAdmin(
    request,
    'manageTeams',
    async (users, actor, body) => {
      const id = await adminRouteId(context);
      return id === null ? INVALID_ID : users.updateTeam(actor, id, body);
    },
    { body: true },
  );
}

/** Delete a team; its members stay, without it. */
export async function DELETE(request: Request, context: AdminIdContext) {
  return runAdmin(request, 'manageTeams', async (users, actor) => {
    const id = await adminRouteId(context);
    return id === null ? INVALID_ID : users.deleteTeam(actor, id);
  });
}
