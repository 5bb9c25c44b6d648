import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireCapability } from '$lib/domain/permissions';
import { idParam, readJson } from '$lib/server/http/json';
import { acknowledgeWarning } from '$lib/server/indicators/warnings';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

const body = z.strictObject({ note: z.string().trim().min(1).max(2000) });

/** POST /api/warnings/:id/ack {note} → {id, state: 'acknowledged'} (capability warning.ack). */
export const POST: RequestHandler = guarded(async ({ params, request, locals }) => {
	// why: refuse before reading the body, so a caller without the capability learns nothing
	requireCapability(locals.actor, 'warning.ack');
	const id = idParam(params.id);
	const { note } = await readJson(request, body, 8 * 1024);
	return json(await acknowledgeWarning(locals.db, locals.actor, id, note));
});
