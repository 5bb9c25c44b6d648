import { error, redirect } from '@sveltejs/kit';
import type { Actor } from '$lib/domain/actor';
import { ACTIONS_BY_ROLE, CASE_STATES, caseRolesFor } from '$lib/domain/cases';
import { CATEGORIES, DEPARTMENTS } from '$lib/domain/categories';
import { can } from '$lib/domain/permissions';
import { readQuery, apiQuery, PAGE_SIZE } from '$lib/cases/queue';
import { expectedError, rethrowAsHttp } from '$lib/server/http/errors';
import { listQueue, type Queue } from '$lib/server/incidents/service';
import { sql } from '$lib/server/sql';
import type { PageServerLoad } from './$types';

/** Anonymous → sign in first; signed in without incident.read → 403. */
function requireQueueReader(actor: Actor, url: URL): void {
	if (can(actor, 'incident.read')) return;
	if (actor.userId === null && actor.role === 'public') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	error(403, { message: 'Forbidden' });
}

/**
 * The operator queue: the first page for the URL's filters (the page refreshes it in the browser
 * through GET /api/incidents), the filter choices, and whether the reader may dispatch.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireQueueReader(locals.actor, url);
	const { filters, page } = readQuery(url.searchParams);
	const query = Object.fromEntries(new URLSearchParams(apiQuery(filters, page, PAGE_SIZE)));
	let queue: Queue | null = null;
	let problem: string | null = null;
	try {
		queue = await listQueue(locals.db, locals.actor, query);
	} catch (e) {
		// A bad filter in a hand-edited URL: show the API's message, keep the page usable.
		const known = expectedError(e);
		if (known?.status !== 400) rethrowAsHttp(e);
		problem = known.message;
	}
	// Subdistrict names are public geography (the same list the admin scope picker offers).
	const subdistricts = await locals.db.query<{ code: string; name: string; nameEn: string | null }>(
		sql('auth/subdistricts')
	);
	return {
		filters,
		page,
		queue,
		problem,
		subdistricts,
		states: [...CASE_STATES],
		categories: CATEGORIES.map((c) => c.code),
		departments: DEPARTMENTS.map((d) => d.code),
		canDispatch: caseRolesFor(locals.actor.role).some((r) =>
			ACTIONS_BY_ROLE[r].includes('dispatch')
		)
	};
};
