import { json } from '@sveltejs/kit';
import { health } from '$lib/server/places/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	return json(await health(locals.db, locals.actor), {
		headers: { 'Cache-Control': 'no-store' }
	});
};
