import { error, redirect } from '@sveltejs/kit';
import { DEPARTMENTS } from '$lib/domain/categories';
import { can } from '$lib/domain/permissions';
import { idParam } from '$lib/server/http/json';
import { guarded } from '$lib/server/http/errors';
import {
	findLikelyDuplicates,
	getIncident,
	suggestDepartment
} from '$lib/server/incidents/service';
import { sql } from '$lib/server/sql';
import type { PageServerLoad } from './$types';

/**
 * The case page: the case with its timeline and parts (the contact only where the service gives
 * it, audited), the reader's department (its staff act as that department on its part), the
 * duty list's suggested department and the likely duplicates.
 */
export const load: PageServerLoad = guarded(async ({ locals, params, url }) => {
	const actor = locals.actor;
	if (!can(actor, 'incident.read')) {
		if (actor.userId === null && actor.role === 'public') {
			redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
		}
		error(403, { message: 'Forbidden' });
	}
	const id = idParam(params.id);
	const incident = await getIncident(locals.db, actor, id, { client: locals.client });
	const [me] =
		actor.userId === null
			? []
			: await locals.db.query<{ department: string | null }>(sql('incidents/user_department'), [
					actor.userId
				]);
	const [duplicates, suggested] = await Promise.all([
		findLikelyDuplicates(locals.db, actor, {
			category: incident.categoryCode,
			lon: incident.lon,
			lat: incident.lat,
			at: incident.reportedAt
		}),
		suggestDepartment(locals.db, incident.categoryCode, incident.subdistrictCode)
	]);
	return {
		incident,
		role: actor.role,
		myDepartment: me?.department ?? null,
		duplicates: duplicates.filter((d) => d.id !== incident.id),
		suggestedDepartment: suggested?.department ?? null,
		departments: DEPARTMENTS.map((d) => d.code)
	};
});
