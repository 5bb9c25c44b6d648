/**
 * JSON bodies of the analysis endpoints: the shared checks (application/json, size cap while
 * streaming) and a parse, leaving validation to the services so that their messages list every
 * problem with its field.
 */
import { error } from '@sveltejs/kit';
import { isJsonContentType, readTextCapped } from '../http/json';

/**
 * Reads a JSON body: 415 unless application/json, 413 past the cap, 400 when malformed.
 *
 * @param request - the request
 * @param maxBytes - size cap
 * @returns the parsed value (unchecked)
 * @example
 * const body = await readJsonBody(request, locals.config.JSON_BODY_LIMIT_BYTES);
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	if (!isJsonContentType(request.headers.get('content-type'))) {
		error(415, { message: 'Content-Type must be application/json' });
	}
	const text = await readTextCapped(request, maxBytes);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		error(400, { message: 'Malformed JSON' });
	}
}
