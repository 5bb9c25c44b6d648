import { idParam } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { getIncidentPhoto } from '$lib/server/incidents/photos';
import type { RequestHandler } from './$types';

/**
 * GET /api/incidents/:id/photos/:name → the image (JPEG, PNG or WebP), for roles that may read
 * the case (404 outside the reader's scope). Names are random and content never changes, so the
 * browser may keep it; `private` keeps shared caches out.
 */
export const GET: RequestHandler = incidentGuarded(async ({ params, locals }) => {
	const photo = await getIncidentPhoto(locals.db, locals.actor, idParam(params.id), params.name);
	return new Response(new Uint8Array(photo.bytes), {
		headers: {
			'Content-Type': photo.mime,
			'Content-Length': String(photo.bytes.byteLength),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, max-age=31536000, immutable',
			'Content-Disposition': 'inline'
		}
	});
});
