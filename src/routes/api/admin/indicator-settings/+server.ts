import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { guarded } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/json';
import { settingsInputSchema } from '$lib/server/indicators/settings';
import {
	CONFIGURE_CAPABILITY,
	readSettings,
	saveSettings
} from '$lib/server/indicators/settings-admin';
import type { RequestHandler } from './$types';

/**
 * GET /api/admin/indicator-settings → { version, weights, rules, updatedAt, updatedBy, defaults,
 * canEdit }: the composite weights and warning rules in force (indicators.read: leaders see the
 * rules they are judged by).
 */
export const GET: RequestHandler = guarded(async ({ locals }) => {
	return json(await readSettings(locals.db, locals.actor), {
		headers: { 'Cache-Control': 'private, no-store' }
	});
});

/**
 * PUT /api/admin/indicator-settings { version?, weights, rules } → 200 { settings, warnings }:
 * saves the next version (admins of the whole district), audited; the warnings re-evaluated.
 * 400 naming the field for invalid settings (nothing written), 409 when `version` is not current.
 */
export const PUT: RequestHandler = guarded(async ({ request, locals }) => {
	// why: refuse before reading the body, so a caller without the right learns nothing of its shape
	requireCapability(locals.actor, CONFIGURE_CAPABILITY);
	const input = await readJson(request, settingsInputSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	return json(await saveSettings(locals.db, locals.actor, input, locals.client));
});
