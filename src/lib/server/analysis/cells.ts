/**
 * The planner's grid-cell layer: outlines for the map, centroids and segment counts for the
 * what-if Worker. Aggregates only (no personal data).
 */
import type { CellsReply } from '$lib/planner/types';
import type { Actor } from '$lib/domain/actor';
import type { Queryable } from '../db';
import { requireAnalysis } from './access';
import { scopedCells } from './coverage';
import { analysisData } from './data';

/**
 * The grid cells in the actor's scope as GeoJSON.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @returns the cells with the data version
 * @example
 * (await cellLayer(db, actor)).cells.features.length;
 */
export async function cellLayer(db: Queryable, actor: Actor): Promise<CellsReply> {
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
