import { fail } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { can } from '$lib/domain/permissions';
import { rethrowAsHttp } from '$lib/server/http/errors';
import { IncidentError } from '$lib/server/incidents/errors';
import { invalidFields, submitReport, takeReportToken } from '$lib/server/reporting/report';
import { reportCategoryTree } from '$lib/server/reporting/categories';
import type { Actions, PageServerLoad } from './$types';

/** The public report form: the category tree and whether this visitor may report at all. */
export const load: PageServerLoad = ({ locals }) => ({
	categories: reportCategoryTree(),
	mayReport: can(locals.actor, 'incident.create')
});

export const actions: Actions = {
	// SvelteKit's origin check guards this form post (multipart, so not under /api/).
	default: async ({ request, locals }) => {
		if (!locals.session) {
			const wait = takeReportToken(locals.config.RATE_LIMIT_REPORTS_PER_MINUTE, locals.client);
			if (wait > 0) return fail(429, { reason: 'throttled' as const, retryAfter: wait });
		}
		const form = await request.formData();
		try {
			const created = await submitReport(locals.db, locals.actor, form);
			return {
				reason: 'created' as const,
				number: created.number,
				trackingCode: created.trackingCode
			};
		} catch (e) {
			if (e instanceof IncidentError && e.code === 'outside_district') {
				return fail(400, { reason: 'outside' as const, fields: ['lon', 'lat'] });
			}
			if (e instanceof IncidentError && e.status !== 403 && e.status !== 409) {
				const photo = ['photo_too_large', 'unsupported_photo', 'bad_photo'].includes(e.code);
				return fail(e.status, {
					reason: photo ? ('photo' as const) : ('invalid' as const),
					photoError: photo ? e.code : null,
					fields: invalidFields(e)
				});
			}
			if (e instanceof ZodError) {
				return fail(400, { reason: 'invalid' as const, fields: invalidFields(e) });
			}
			rethrowAsHttp(e);
		}
	}
};
