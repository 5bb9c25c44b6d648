import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { guarded } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/json';
import { createUser, createUserSchema, listUsers } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/** GET /api/admin/users → the accounts the admin manages (user.manage). */
export const GET: RequestHandler = guarded(async ({ locals }) => {
	return json({ users: await listUsers(locals.db, locals.actor) });
});

/** POST /api/admin/users {username, displayName, password, role, scope, departmentCode?} → 201. */
export const POST: RequestHandler = guarded(async ({ request, locals }) => {
	// why: refuse before reading the body, so an anonymous caller learns nothing about its shape.
	requireCapability(locals.actor, 'user.manage');
	const input = await readJson(request, createUserSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	const user = await createUser(locals.db, locals.actor, input, locals.client);
	return json({ user }, { status: 201 });
});
