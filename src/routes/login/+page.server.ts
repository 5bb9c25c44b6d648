import { fail, redirect } from '@sveltejs/kit';
import { loginSchema, signIn } from '$lib/server/auth/login';
import { sessionCookie } from '$lib/server/auth/session';
import { safeNext, setSessionCookie } from '$lib/server/auth/web';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.session) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	// SvelteKit's origin check guards this form post; the hook refuses cross-site fetch metadata.
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const username = form.get('username');
		const password = form.get('password');
		const parsed = loginSchema.safeParse({
			username: typeof username === 'string' ? username : '',
			password: typeof password === 'string' ? password : ''
		});
		const shown = typeof username === 'string' ? username.slice(0, 64) : '';
		if (!parsed.success) return fail(400, { username: shown, reason: 'invalid' as const });
		const result = await signIn(locals.db, locals.config, parsed.data, {
			client: locals.client,
			userAgent: request.headers.get('user-agent'),
			previousToken: cookies.get(sessionCookie(url).name)
		});
		if (!result.ok) {
			if (result.status === 429) {
				return fail(429, {
					username: shown,
					reason: 'throttled' as const,
					retryAfter: result.retryAfterSeconds
				});
			}
			return fail(401, { username: shown, reason: 'failed' as const });
		}
		setSessionCookie(cookies, url, result.token);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
