/**
 * The Open311 routes' shared plumbing: the format from the resource's extension, the spec's
 * error list for every refusal (400/403/404), and the POST body (form, multipart text fields or
 * a JSON object).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { readTextCapped } from '../http/json';
import { errorResponse, formatOf, Open311Error, type Format } from './format';
import { jsonFields } from './params';

/** The largest POST requests body we read (the longest fields together are ~7 KB). */
export const MAX_POST_BYTES = 64 * 1024;

/**
 * Wraps an Open311 endpoint: an unknown extension is a 404 (as JSON), an {@link Open311Error}
 * becomes the spec's error list in the asked format; other errors go on to kit (logged, 500).
 *
 * @param fn - the endpoint, given the event and the format
 * @returns the request handler
 * @example
 * export const GET = open311((e, f) => …);
 */
export function open311<E extends RequestEvent<{ format: string }>>(
	fn: (event: E, format: Format) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		const format = formatOf(event.params.format);
		if (!format) {
			return errorResponse('json', new Open311Error(404, 'format: must be .json or .xml'));
		}
		try {
			return await fn(event, format);
		} catch (e) {
			if (e instanceof Open311Error) return errorResponse(format, e);
			throw e;
		}
	};
}

/**
 * The name/value pairs of a POST body: application/x-www-form-urlencoded (the spec's),
 * multipart/form-data (text fields only) or an application/json object.
 *
 * @param request - the request
 * @returns the pairs, in order
 * @throws Open311Error 400 for another content type, malformed JSON or an uploaded file
 * @example
 * const fields = await postFields(event.request);
 */
export async function postFields(request: Request): Promise<[string, string][]> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded') {
		const text = await readTextCapped(request, MAX_POST_BYTES);
		return [...new URLSearchParams(text).entries()];
	}
	if (type === 'application/json') {
		const text = await readTextCapped(request, MAX_POST_BYTES);
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			throw new Open311Error(400, 'Malformed JSON body');
		}
		return jsonFields(body);
	}
	if (type === 'multipart/form-data') {
		const declared = Number(request.headers.get('content-length') ?? NaN);
		if (!(declared <= MAX_POST_BYTES)) {
			throw new Open311Error(
				400,
				`The body must declare a length of at most ${MAX_POST_BYTES} bytes`
			);
		}
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			throw new Open311Error(400, 'Malformed multipart body');
		}
		const out: [string, string][] = [];
		for (const [k, v] of form.entries()) {
			if (typeof v !== 'string') {
				throw new Open311Error(
					400,
					`${k.slice(0, 80)}: file uploads are not supported, send media_url`
				);
			}
			out.push([k, v]);
		}
		return out;
	}
	throw new Open311Error(
		400,
		'Content-Type must be application/x-www-form-urlencoded, multipart/form-data or application/json'
	);
}
