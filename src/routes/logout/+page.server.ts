import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/login';
import { sessionCookie } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/web';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { signedIn: locals.session !== null };
};

export const actions: Actions = {
	/** Sign-out is a POST (a GET link could be triggered by any page): the session dies server-side. */
	default: async ({ locals, cookies, url }) => {
		await signOut(locals.db, cookies.get(sessionCookie(url).name));
		clearSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
