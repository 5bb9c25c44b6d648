/**
 * Small map layers travel as GeoJSON (ARCHITECTURE.md "Map"). A service builds the
 * FeatureCollection once per request, serialises it and fingerprints the bytes, so the route can
 * answer a revalidation with 304 without sending the body again.
 */
import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export interface JsonLayer {
	/** The FeatureCollection as JSON text. */
	body: string;
	/** A strong entity tag: a hash of the body, quoted as HTTP wants it. */
	etag: string;
	/** How many features the body holds. */
	count: number;
}

/** One feature as a service hands it over: properties already shaped for the client. */
export interface LayerFeature<P> {
	/** A stable feature id lets the map keep per-feature state (hover, selection). */
	id?: string | number;
	properties: P;
	geometry: Geometry;
}

/**
 * Serialises features into a FeatureCollection layer. Their order is kept, so the SQL must order
 * the rows for the ETag to be stable.
 * @param features the features, in a deterministic order
 * @returns the body, its ETag and the feature count
 * @example jsonLayer([{ id: 'a', properties: { name: 'A' }, geometry }]).etag // '"Yk8…"'
 */
export function jsonLayer<P>(features: readonly LayerFeature<P>[]): JsonLayer {
	const fc: FeatureCollection<Geometry, P> = {
		type: 'FeatureCollection',
		features: features.map(({ id, properties, geometry }): Feature<Geometry, P> => ({
			type: 'Feature',
			...(id === undefined ? {} : { id }),
			properties,
			geometry
		}))
	};
	const body = JSON.stringify(fc);
	return { body, etag: etagOf(body), count: features.length };
}

/** A strong ETag for a body: SHA-256, base64url, truncated to 128 bits. */
export function etagOf(body: string): string {
	return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * True when an If-None-Match header matches the ETag, using the weak comparison RFC 9110 asks for
 * (a proxy that compresses may have weakened our tag to W/"…").
 * @param header the request's If-None-Match value, or null
 * @param etag our current ETag
 */
export function etagMatches(header: string | null, etag: string): boolean {
	if (!header) return false;
	if (header.trim() === '*') return true;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	const ours = opaque(etag);
	return header.split(',').some((t) => opaque(t) === ours);
}

/**
 * The HTTP reply for a layer: 200 with the body, or 304 when the client already holds this
 * version. Layers are public and change only when the data is reloaded, so shared caches may keep
 * them for a few minutes and then revalidate cheaply.
 * @param request the incoming request (its If-None-Match is checked)
 * @param layer the layer to send
 * @param maxAge seconds a cache may reuse the reply without asking
 */
export function layerResponse(request: Request, layer: JsonLayer, maxAge = 300): Response {
	const headers = {
		ETag: layer.etag,
		'Cache-Control': `public, max-age=${maxAge}`
	};
	if (etagMatches(request.headers.get('if-none-match'), layer.etag)) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(layer.body, {
		headers: { ...headers, 'Content-Type': 'application/geo+json; charset=utf-8' }
	});
}
