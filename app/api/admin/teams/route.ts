import { runAdmin } from '@/server/http/admin-route';

export const dynamic = 'force-dynamic';

/** Every team with its raw-id patterns (admins only). */
export async function GET(request: Request) {
  return runAdmin(request, 'manageTeams', (users) => users.listTeams());
}

/** Create a team: `{ name, match: ["4:+1425555*", …] }` (CreateTeamSchema in lib/users.ts). */
export async function POST(request: Request) {
  return runAdmin(request, 'manageTeams', (users, actor, body) => users.createTeam(actor, body), { body: true });
}
