import type { Actor } from '$lib/domain/actor';
import type { Geometry } from 'geojson';
import type { Db } from '../db';
import { sql } from '../sql';
import { jsonLayer, type JsonLayer } from './layer';

export const BASEMAP_KINDS = ['river', 'lake', 'road', 'park'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

/** The properties of one basemap feature, as the map receives them. */
// A type, not an interface: query rows must be assignable to Record<string, unknown>.
export type BasemapProperties = {
	kind: BasemapKind;
	name: string | null;
	nameEn: string | null;
};

/**
 * Rivers, lakes, main roads and parks drawn from our own data, so the map needs no external tiles.
 * Public geography: every actor may read it.
 * @param _actor who is asking (every service takes one; this one allows everybody)
 */
export async function basemap(db: Db, _actor: Actor): Promise<JsonLayer> {
	const rows = await db.query<BasemapProperties & { id: number; geometry: Geometry }>(
		sql('places/basemap_features')
	);
	return jsonLayer(rows.map(({ id, geometry, ...properties }) => ({ id, properties, geometry })));
}
