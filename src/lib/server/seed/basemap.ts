/** The sketched basemap (moat, river, lake, main roads, hills), clipped to the district in SQL. */
import { PRECISION_DEG } from './admin';
import { q, type SeedContext } from './context';
import { BASEMAP } from './places';

export interface BasemapRow extends Record<string, unknown> {
	id: number;
	kind: string;
	name: string;
}

export async function seedBasemap(ctx: SeedContext): Promise<BasemapRow[]> {
	const geojson = BASEMAP.map((f) =>
		JSON.stringify(
			f.kind === 'lake' || f.kind === 'park'
				? { type: 'Polygon', coordinates: [f.coords] }
				: { type: 'LineString', coordinates: f.coords }
		)
	);
	const rows = await q<BasemapRow>(ctx, 'insert_basemap', [
		BASEMAP.map((f) => f.kind),
		BASEMAP.map((f) => f.name),
		BASEMAP.map((f) => f.nameEn),
		geojson,
		PRECISION_DEG
	]);
	for (const kind of ['river', 'lake', 'road', 'park']) {
		if (!rows.some((r) => r.kind === kind))
			throw new Error(`basemap: no ${kind} inside the district`);
	}
	return rows;
}
