import { requireCapability } from '$lib/domain/permissions';
import { guarded } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/json';
import { resetPassword, resetPasswordSchema } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/** POST /api/admin/users/:id/password {password} → 204; the user's sessions end. */
export const POST: RequestHandler = guarded(async ({ params, request, locals }) => {
	requireCapability(locals.actor, 'user.manage');
	const id = idParam(params.id);
	const { password } = await readJson(request, resetPasswordSchema, 16 * 1024);
	await resetPassword(locals.db, locals.actor, id, password, locals.client);
	return new Response(null, { status: 204 });
});
