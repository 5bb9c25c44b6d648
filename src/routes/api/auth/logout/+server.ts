import { signOut } from '$lib/server/auth/login';
import { sessionCookie } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/web';
import type { RequestHandler } from './$types';

/** POST /api/auth/logout → 204; the session is deleted on the server, the cookie cleared. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	await signOut(locals.db, cookies.get(sessionCookie(url).name));
	clearSessionCookie(cookies, url);
	return new Response(null, { status: 204 });
};
