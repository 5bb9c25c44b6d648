import { errorResponse, Open311Error } from '$lib/server/open311/format';
import type { RequestHandler } from './$types';

/** Any other GET under /open311/: the spec's 404 (JSON), pointing at the discovery document. */
export const GET: RequestHandler = async () =>
	errorResponse(
		'json',
		new Open311Error(404, 'Not found: see /open311/v2/discovery.json for the resources')
	);
