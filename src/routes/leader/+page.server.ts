import { fail } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { leaderData, requireLeaderPage } from '$lib/server/indicators/page';
import { acknowledgeWarning } from '$lib/server/indicators/warnings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ locals, url }) => {
	requireLeaderPage(locals.actor, url);
	return leaderData(locals.db, locals.actor, url);
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
