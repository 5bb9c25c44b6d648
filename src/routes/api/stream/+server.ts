import { error } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { hubFor } from '$lib/server/stream/hub';
import { requireCapability } from '$lib/domain/permissions';
import type { RequestHandler } from './$types';

/** Last-Event-ID from the header (EventSource reconnects) or ?lastEventId= (a fresh page). */
function lastEventId(request: Request, url: URL): number | null {
	const header = request.headers.get('last-event-id');
	const raw = header ?? url.searchParams.get('lastEventId');
	if (raw === null || raw.trim() === '') return null;
	if (!/^\d{1,15}$/.test(raw.trim())) {
		const name = header !== null ? 'Last-Event-ID' : 'lastEventId';
		error(400, { message: `Invalid ${name}: expected a change id (a whole number)` });
	}
	return Number(raw.trim());
}

/**
 * GET /api/stream → Server-Sent Events of the changes the caller may see (cases, alerts, service
 * points, sensors, warnings), replaying after Last-Event-ID. `?mode=poll` replays and ends the
 * response (for clients behind proxies that buffer streams).
 */
export const GET: RequestHandler = guarded(async ({ request, url, locals }) => {
	requireCapability(locals.actor, 'map.view');
	const mode = url.searchParams.get('mode') ?? 'live';
	if (mode !== 'live' && mode !== 'poll') {
		error(400, { message: 'Invalid query parameter "mode": expected live or poll' });
	}
	const body = await hubFor(locals.db).open(locals.actor, {
		lastEventId: lastEventId(request, url),
		poll: mode === 'poll',
		signal: request.signal
	});
	return new Response(body, {
		headers: {
			'Content-Type': 'text/event-stream; charset=utf-8',
			// why: no proxy may buffer, transform (compress) or cache a live stream.
			'Cache-Control': 'no-cache, no-transform',
			'X-Accel-Buffering': 'no'
		}
	});
});
