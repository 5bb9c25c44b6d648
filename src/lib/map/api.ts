/** Client-side loading of the small GeoJSON layers. */
import type { FeatureCollection, Geometry } from 'geojson';

/**
 * Fetches a GeoJSON layer. The browser cache revalidates with the ETag, so a reload costs a 304.
 * @param url an /api/layers/… URL
 * @param signal aborts the request (e.g. when the page is left)
 * @throws Error naming the URL and status when the server does not answer 200 with a collection
 */
export async function fetchLayer<P = Record<string, unknown>>(
	url: string,
	signal?: AbortSignal
): Promise<FeatureCollection<Geometry, P>> {
	const res = await fetch(url, { signal, headers: { Accept: 'application/geo+json' } });
	if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
	const body = (await res.json()) as FeatureCollection<Geometry, P>;
	if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
		throw new Error(`GET ${url}: not a FeatureCollection`);
	}
	return body;
}

/** Properties of an area from /api/layers/boundaries (see places/boundaries.ts). */
export interface AreaProperties {
	code: string;
	name: string;
	nameEn: string | null;
	level: 'district' | 'subdistrict' | 'community';
	parentCode: string | null;
	labelLon: number;
	labelLat: number;
}

/** Properties of a basemap feature from /api/layers/basemap. */
export interface BasemapProperties {
	kind: 'river' | 'lake' | 'road' | 'park';
	name: string | null;
	nameEn: string | null;
}

export type Areas = FeatureCollection<Geometry, AreaProperties>;
export type Basemap = FeatureCollection<Geometry, BasemapProperties>;
