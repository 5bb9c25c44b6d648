import { fail } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { dataVersion, etagFor } from '$lib/server/indicators/live';
import { leaderData, requireLeaderPage } from '$lib/server/indicators/page';
import { acknowledgeWarning, refreshWarnings } from '$lib/server/indicators/warnings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ locals, url }) => {
	requireLeaderPage(locals.actor, url);
	// why: the page then revalidates GET /api/indicators/summary with this tag (304 until a
	// change); the version is read before the data, so a change in between is fetched, not missed
	await refreshWarnings(locals.db);
	const version = await dataVersion(locals.db);
	const live = new URL(`/api/indicators/summary${url.search}`, url);
	return {
		...(await leaderData(locals.db, locals.actor, url)),
		etag: etagFor(version, locals.actor, live)
	};
});

export const actions: Actions = {
	/** Acknowledge a warning with a note (capability warning.ack, in scope). */
	ack: guarded(async ({ request, locals }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		const note = String(form.get('note') ?? '').trim();
		if (!Number.isInteger(id) || id < 1) return fail(400, { id: null, message: 'id' });
		if (!note || note.length > 2000) return fail(400, { id, message: 'note' });
		await acknowledgeWarning(locals.db, locals.actor, id, note);
		return { id, acknowledged: true };
	})
};
