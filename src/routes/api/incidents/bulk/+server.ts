import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { PermissionError, ScopeError, requireCapability } from '$lib/domain/permissions';
import { expectedError } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/json';
import { IncidentError, incidentGuarded } from '$lib/server/incidents/errors';
import { transitionIncident, transitionSchema } from '$lib/server/incidents/service';
import { BULK_LIMIT } from '$lib/cases/queue';
import type { RequestHandler } from './$types';

/**
 * The bulk body: the transition's own fields (action, departments, note, reason — one schema
 * for both endpoints) for up to BULK_LIMIT cases, each with the version the operator saw.
 */
const bulkSchema = transitionSchema.omit({ expectedVersion: true, mergeInto: true }).extend({
	items: z
		.array(
			z.object({ id: z.number().int().min(1), expectedVersion: z.number().int().min(1) }).strict()
		)
		.min(1, 'must name at least one case')
		.max(BULK_LIMIT, `at most ${BULK_LIMIT} cases at once`)
		.refine((a) => new Set(a.map((i) => i.id)).size === a.length, 'must not repeat a case')
});

interface ItemResult {
	id: number;
	ok: boolean;
	incident?: unknown;
	status?: number;
	code?: string;
	message?: string;
}

/** One refused item: the status and message a single transition would have answered. */
function refused(id: number, e: unknown): ItemResult {
	if (e instanceof IncidentError) {
		const r: ItemResult = { id, ok: false, status: e.status, code: e.code, message: e.message };
		if (e.incident !== undefined) r.incident = e.incident;
		return r;
	}
	if (e instanceof PermissionError || e instanceof ScopeError) {
		return { id, ok: false, status: e.status, message: e.message };
	}
	const known = expectedError(e);
	if (known) return { id, ok: false, status: known.status, message: known.message };
	throw e;
}

/**
 * POST /api/incidents/bulk { items: [{ id, expectedVersion }], action, departments?, note?,
 * reason? } → 200 { results: [{ id, ok, incident?, status?, code?, message? }] }, in request
 * order. Each case moves in its own transaction through the same service as a single move
 * (role, scope and state checked per case), so a conflict (409) or refusal on one leaves the
 * others to succeed. A malformed body is refused whole (400) before anything is written.
 */
export const POST: RequestHandler = incidentGuarded(async ({ request, locals }) => {
	requireCapability(locals.actor, 'incident.transition');
	const { items, ...move } = await readJson(
		request,
		bulkSchema,
		locals.config.JSON_BODY_LIMIT_BYTES
	);
	const results: ItemResult[] = [];
	// why: one at a time — each is a short transaction, and the cases may share routing rows.
	for (const { id, expectedVersion } of items) {
		try {
			const incident = await transitionIncident(locals.db, locals.actor, id, {
				...move,
				expectedVersion
			});
			results.push({ id, ok: true, incident });
		} catch (e) {
			results.push(refused(id, e));
		}
	}
	return json({ results });
});
