import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { DEFAULT_RADIUS_M } from '$lib/analysis';
import type { PageServerLoad } from './$types';

/** Anonymous → sign in first; signed in without analysis.run → 403. */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = locals.actor;
	if (!can(actor, 'analysis.run')) {
		if (actor.userId === null && actor.role === 'public') {
			redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
		}
		error(403, { message: 'Forbidden' });
	}
	return {
		canWrite: can(actor, 'scenario.write'),
		defaultRadius: { ...DEFAULT_RADIUS_M }
	};
};
