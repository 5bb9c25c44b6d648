/**
 * The planner's grid-cell layer: outlines for the map, centroids and segment counts for the
 * what-if Worker. Aggregates only (no personal data).
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Actor } from '$lib/domain/actor';
import type { Queryable } from '../db';
import { requireAnalysis } from './access';
import { scopedCells } from './coverage';
import { analysisData } from './data';

/** Properties of a grid cell in the planner layer. */
export interface CellProperties {
	id: number;
	code: string;
	community: string;
	subdistrict: string;
	residents: number;
	aged60: number;
	aged80: number;
	alone: number;
	lon: number;
	lat: number;
}

/**
 * The grid cells in the actor's scope as GeoJSON.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @returns the cells with the data version
 * @example
 * (await cellLayer(db, actor)).cells.features.length;
 */
export async function cellLayer(
	db: Queryable,
	actor: Actor
): Promise<{
	version: string;
	cells: FeatureCollection<Polygon | MultiPolygon, CellProperties>;
}> {
	requireAnalysis(actor);
	const data = await analysisData(db);
	return {
		version: data.version,
		cells: {
			type: 'FeatureCollection',
			features: scopedCells(data, actor).map(({ geometry, ...p }) => ({
				type: 'Feature',
				id: p.id,
				properties: p,
				geometry
			}))
		}
	};
}
