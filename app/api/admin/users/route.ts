import { runAdmin } from '@/server/http/admin-route';

export const dynamic = 'force-dynamic';

/** Every user with role, teams and whether disabled (admins only). */
export async function GET(request: Request) {
  return runAdmin(request, 'manageUsers', (users) => users.listUsers());
}

/** Create a user: `{ username, password, role, teamIds }` (CreateUserSchema in lib/users.ts). */
export async function POST(request: Request) {
  return runAdmin(request, 'manageUsers', (users, actor, body) => users.createUser(actor, body), { body: true });
}
