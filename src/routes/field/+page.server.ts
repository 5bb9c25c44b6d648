import { error, fail, redirect } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { expectedError, rethrowAsHttp } from '$lib/server/http/errors';
import { IncidentError } from '$lib/server/incidents/errors';
import { reportCategoryTree } from '$lib/server/reporting/categories';
import { fieldAct, fieldOverview, requireGridWorker } from '$lib/server/reporting/field';
import { invalidFields, submitReport } from '$lib/server/reporting/report';
import type { Actions, PageServerLoad } from './$types';

const PHOTO_CODES = ['photo_too_large', 'unsupported_photo', 'bad_photo'];

/** Anonymous → sign in first; other roles → 403 (the page is the grid worker's). */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor.userId === null) {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	}
	try {
		const { cells, tasks } = await fieldOverview(locals.db, locals.actor);
		return { cells, tasks, categories: reportCategoryTree() };
	} catch (e) {
		rethrowAsHttp(e);
	}
};

/** A refused form: the reason the page shows, the fields to mark; real faults go on up. */
function refusal(e: unknown) {
	if (e instanceof IncidentError && e.code === 'outside_district') {
		return fail(400, { reason: 'outside' as const, fields: ['lon', 'lat'] });
	}
	if (e instanceof IncidentError && PHOTO_CODES.includes(e.code)) {
		return fail(e.status, { reason: 'photo' as const, photoError: e.code, fields: ['photos'] });
	}
	if (e instanceof IncidentError && e.status === 409) {
		return fail(409, { reason: 'conflict' as const, fields: [] });
	}
	if (e instanceof ZodError || (e instanceof IncidentError && e.status !== 403)) {
		return fail(e instanceof IncidentError ? e.status : 400, {
			reason: 'invalid' as const,
			fields: invalidFields(e)
		});
	}
	const known = expectedError(e);
	if (known && known.status >= 400 && known.status < 500)
		error(known.status, { message: known.message });
	throw e;
}

export const actions: Actions = {
	report: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			// The same path as residents (source follows the actor: gridworker).
			requireGridWorker(locals.actor);
			const created = await submitReport(locals.db, locals.actor, form);
			return { reason: 'reported' as const, number: created.number };
		} catch (e) {
			return refusal(e);
		}
	},
	act: async ({ request, locals }) => {
		const form = await request.formData();
		try {
			const c = await fieldAct(locals.db, locals.actor, form);
			return { reason: 'done' as const, number: c.number };
		} catch (e) {
			return refusal(e);
		}
	}
};
