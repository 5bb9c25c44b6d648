/**
 * Two encoders for one set of tile rows. On PostgreSQL the tile is ST_AsMVT in SQL; PGlite's
 * PostGIS is built without protobuf (ST_AsMVT and ST_AsMVTGeom fail there), so the same rows —
 * tile coordinates computed by plain arithmetic in SQL — are encoded in Node with vt-pbf. Which
 * one a database can use is probed once per database handle.
 */
import vtpbf, { type GeojsonVtFeature } from 'vt-pbf';
import type { Db } from '../db';

export const MVT_EXTENT = 4096;
export const MVT_LAYER = 'incidents';

/** A tile row: a point in tile coordinates, an optional feature id, and its properties. */
export interface TileRow {
	id?: number;
	x: number;
	y: number;
	[property: string]: unknown;
}

const probes = new WeakMap<Db, Promise<boolean>>();

/** True when the database encodes MVT itself (ST_AsMVT works). Probed once per handle. */
export function sqlEncodes(db: Db): Promise<boolean> {
	let probe = probes.get(db);
	if (!probe) {
		probe = db
			.query(
				"SELECT ST_AsMVT(t, 'probe', 4096, 'geom') AS tile FROM (SELECT 1 AS n, ST_MakePoint(1, 1) AS geom) AS t"
			)
			.then(
				() => true,
				() => false
			);
		probes.set(db, probe);
	}
	return probe;
}

/**
 * Encodes tile rows as an MVT with one point layer, in Node (vt-pbf). Properties with a null
 * value are left out, as ST_AsMVT leaves them out.
 * @param rows rows with x, y (tile units), optional id, and properties
 */
export function encodeRows(rows: readonly TileRow[], layer = MVT_LAYER): Uint8Array {
	const features: GeojsonVtFeature[] = rows.map((row) => {
		const tags: Record<string, string | number | boolean> = {};
		for (const [k, v] of Object.entries(row)) {
			if (k === 'x' || k === 'y' || k === 'id' || v === null || v === undefined) continue;
			tags[k] = v as string | number | boolean;
		}
		return {
			...(typeof row.id === 'number' ? { id: row.id } : {}),
			type: 1,
			geometry: [[row.x, row.y]],
			tags
		};
	});
	if (features.length === 0) return new Uint8Array(0);
	return new Uint8Array(
		vtpbf.fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: MVT_EXTENT })
	);
}
