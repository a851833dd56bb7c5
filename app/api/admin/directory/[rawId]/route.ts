import { runDirectory, type DirectoryEntryContext } from '@/server/http/directory-route';

export const dynamic = 'force-dynamic';

/** Create or replace the entry of a raw id (percent-encoded in the path): `{ displayName, kind, teamIds }`. */
export async function PUT(request: Request, context: DirectoryEntryContext) {
  const { rawId } = await context.params;
  return runDirectory(request, (admin, actor, body) => admin.put(actor, rawId, body), { body: 'json' });
}

/** Delete the entry of a raw id. */
export async function DELETE(request: Request, context: DirectoryEntryContext) {
  const { rawId } = await context.params;
  return runDirectory(request, (admin, actor) => admin.remove(actor, rawId));
}
