import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { guarded } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/json';
import { openCaseFromAlert } from '$lib/server/sensors/cases';
import type { RequestHandler } from './$types';

const body = z
	.object({
		category: z
			.string()
			.regex(/^[12][0-9]{4}$/, 'must be a 5-digit subcategory code')
			.optional()
	})
	.strict();

/**
 * POST /api/alerts/[id]/case { category? } → { caseId, created }: opens a case from the alert
 * (alert.manage + incident.create), 201 when created, 200 when the alert already had one or joined
 * the open case of its sensor and rule.
 */
export const POST: RequestHandler = guarded(async ({ params, request, locals }) => {
	const id = idParam(params.id);
	const { category } = await readJson(request, body, locals.config.JSON_BODY_LIMIT_BYTES);
	const r = await openCaseFromAlert(locals.db, locals.actor, id, category ?? null);
	return json(r, { status: r.created ? 201 : 200 });
});
