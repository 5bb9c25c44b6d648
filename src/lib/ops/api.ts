/** Shapes of the operations-map API's answers the page reads (see the issue 3 contract). */

export interface SearchHit {
	kind: 'grid' | 'incident' | 'service_point';
	id: number | string;
	label: string;
	lon: number;
	lat: number;
}

/** GET /api/layers/grid/{code} */
export interface GridDetail {
	code: string;
	community: string | null;
	subdistrict: string | null;
	residents: number;
	age60: number;
	age60Share: number | null;
	incidents: number;
	openIncidents: number;
	worker?: { name?: string | null } | null;
}

/** GET /api/sensors/{id}/readings?hours=24 */
export interface SensorReadings {
	sensor?: { id: number; code: string; type: string };
	series: { metric: string; unit: string | null; points: [string | number, number][] }[];
	thresholds?: unknown;
}

/**
 * GETs JSON.
 * @returns the body, or null on 404 (not there, or not the reader's to see)
 * @throws Error naming the URL and status on any other failure
 */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T | null> {
	const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
	if (res.status === 404) return null;
	if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
	return (await res.json()) as T;
}
