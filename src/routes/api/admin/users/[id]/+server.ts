import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { guarded } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/json';
import { getUser, updateUser, updateUserSchema } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/** GET /api/admin/users/:id → one account. */
export const GET: RequestHandler = guarded(async ({ params, locals }) => {
	requireCapability(locals.actor, 'user.manage');
	return json({ user: await getUser(locals.db, locals.actor, idParam(params.id)) });
});

/** PATCH /api/admin/users/:id {displayName?, role?, scope?, departmentCode?, disabled?}. */
export const PATCH: RequestHandler = guarded(async ({ params, request, locals }) => {
	requireCapability(locals.actor, 'user.manage');
	const id = idParam(params.id);
	const input = await readJson(request, updateUserSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	return json({ user: await updateUser(locals.db, locals.actor, id, input, locals.client) });
});
