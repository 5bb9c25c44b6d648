/**
 * Replies for versioned map layers: the ETag is known before the body is built, so a client that
 * holds the current version gets a 304 without the layer query ever running.
 */
import { etagMatches } from '../places/layer';

/**
 * 304 when If-None-Match holds the ETag; otherwise 200 with the body built by `build`.
 * Cache-Control private, no-cache: replies are per user (scope) and always revalidated.
 */
export async function versioned(
	request: Request,
	etag: string,
	contentType: string,
	build: () => Promise<Uint8Array | string>
): Promise<Response> {
	const headers: Record<string, string> = {
		ETag: etag,
		'Cache-Control': 'private, no-cache',
		Vary: 'Cookie'
	};
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	const body = await build();
	return new Response(body as BodyInit, { headers: { ...headers, 'Content-Type': contentType } });
}

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
export const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
