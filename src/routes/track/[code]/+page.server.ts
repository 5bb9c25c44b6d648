import { error, fail } from '@sveltejs/kit';
import { expectedError, rethrowAsHttp } from '$lib/server/http/errors';
import { rateCase, takeTrackingToken, trackCase } from '$lib/server/tracking/service';
import type { Actions, PageServerLoad } from './$types';

/** Anonymous visitors share the public per-client budget (the hooks limit only /api/**). */
function limit(locals: App.Locals): number {
	if (locals.session) return 0;
	return takeTrackingToken(locals.config.RATE_LIMIT_PUBLIC_PER_MINUTE, locals.client);
}

export const load: PageServerLoad = async ({ params, locals, request, setHeaders }) => {
	// why: after a form post kit re-runs load for the same request; the action took its token.
	const wait = request.method === 'POST' ? 0 : limit(locals);
	if (wait > 0) {
		setHeaders({ 'Retry-After': String(wait) });
		error(429, { message: 'Too many requests' });
	}
	try {
		// why: a tracking page is public but changes with the case; no shared cache may keep it.
		setHeaders({ 'Cache-Control': 'no-store' });
		return { case: await trackCase(locals.db, params.code) };
	} catch (e) {
		rethrowAsHttp(e);
	}
};

export const actions: Actions = {
	// SvelteKit's origin check guards this form post; the hook refuses cross-site fetch metadata.
	rate: async ({ params, request, locals }) => {
		const wait = limit(locals);
		if (wait > 0) return fail(429, { reason: 'throttled' as const, retryAfter: wait });
		const form = await request.formData();
		const raw = form.get('rating');
		// A form sends text: only the digits 1–5 become a number; anything else stays invalid.
		const rating = typeof raw === 'string' && /^[1-5]$/.test(raw) ? Number(raw) : raw;
		try {
			await rateCase(locals.db, params.code, { rating });
			return { reason: 'rated' as const };
		} catch (e) {
			const known = expectedError(e);
			if (known?.status === 400) return fail(400, { reason: 'invalid' as const });
			if (known?.status === 409) return fail(409, { reason: 'conflict' as const });
			rethrowAsHttp(e);
		}
	}
};
