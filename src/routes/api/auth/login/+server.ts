import { json } from '@sveltejs/kit';
import { readJson } from '$lib/server/http/json';
import { loginSchema, signIn } from '$lib/server/auth/login';
import { sessionCookie } from '$lib/server/auth/session';
import { meOf, setSessionCookie } from '$lib/server/auth/web';
import type { RequestHandler } from './$types';

/** POST /api/auth/login {username, password} → 200 {user} and the session cookie; 401; 429. */
export const POST: RequestHandler = async ({ request, locals, cookies, url }) => {
	const input = await readJson(request, loginSchema, 16 * 1024);
	const result = await signIn(locals.db, locals.config, input, {
		client: locals.client,
		userAgent: request.headers.get('user-agent'),
		previousToken: cookies.get(sessionCookie(url).name)
	});
	if (!result.ok) {
		if (result.status === 429) {
			return json(
				{ message: 'Too many failed sign-ins; try again later' },
				{ status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } }
			);
		}
		return json({ message: 'Invalid username or password' }, { status: 401 });
	}
	setSessionCookie(cookies, url, result.token);
	return json(
		{ user: meOf(result.actor, result.displayName) },
		{ headers: { 'Cache-Control': 'no-store' } }
	);
};
