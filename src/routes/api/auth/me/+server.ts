import { json } from '@sveltejs/kit';
import { meOf } from '$lib/server/auth/web';
import type { RequestHandler } from './$types';

/** GET /api/auth/me → who is asking: role, scope, capabilities (anonymous: role "public"). */
export const GET: RequestHandler = async ({ locals }) => {
	return json(meOf(locals.actor, locals.session?.displayName ?? null), {
		headers: { 'Cache-Control': 'no-store' }
	});
};
