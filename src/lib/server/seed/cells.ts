/**
 * The grid cells as the generator sees them, and random points inside them: candidates drawn in
 * each cell's bounding box, kept by PostGIS when inside (rejection sampling, a few rounds).
 */
import { PRECISION_DEG } from './admin';
import { q, type SeedContext } from './context';
import type { Rng } from './prng';

export interface Cell {
	id: number;
	code: string;
	communityCode: string;
	subdistrictCode: string;
	lon: number;
	lat: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
	areaM2: number;
	waterShare: number;
	parkShare: number;
	residents: number;
	aged60: number;
	aged80: number;
	alone: number;
	households: number;
}

interface OverviewRow extends Record<string, unknown> {
	id: number;
	code: string;
	community_code: string;
	subdistrict_code: string;
	lon: number;
	lat: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
	area_m2: number;
	water_m2: number;
	park_m2: number;
}

export async function loadCells(ctx: SeedContext): Promise<Cell[]> {
	const rows = await q<OverviewRow>(ctx, 'cell_overview', [PRECISION_DEG]);
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		communityCode: r.community_code,
		subdistrictCode: r.subdistrict_code,
		lon: r.lon,
		lat: r.lat,
		xmin: r.xmin,
		ymin: r.ymin,
		xmax: r.xmax,
		ymax: r.ymax,
		areaM2: r.area_m2,
		waterShare: r.area_m2 > 0 ? Math.min(1, r.water_m2 / r.area_m2) : 0,
		parkShare: r.area_m2 > 0 ? Math.min(1, r.park_m2 / r.area_m2) : 0,
		residents: 0,
		aged60: 0,
		aged80: 0,
		alone: 0,
		households: 0
	}));
}

/** Rounds a coordinate to 1e-7° (about 1 cm): plenty for a demo, and compact to send. */
export function round7(x: number): number {
	return Math.round(x * 1e7) / 1e7;
}

const MAX_ROUNDS = 40;
const CHUNK = 50_000;

/**
 * One random point inside each requested cell (a cell may be requested many times).
 * @returns lon/lat arrays aligned with `cells`
 */
export async function randomPointsInCells(
	ctx: SeedContext,
	r: Rng,
	cells: readonly Cell[]
): Promise<{ lon: number[]; lat: number[] }> {
	const lon = new Array<number>(cells.length);
	const lat = new Array<number>(cells.length);
	let pending = cells.map((_, i) => i);
	for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
		const cl: number[] = [];
		const xs: number[] = [];
		const ys: number[] = [];
		for (const i of pending) {
			const c = cells[i]!;
			cl.push(c.id);
			xs.push(round7(r.uniform(c.xmin, c.xmax)));
			ys.push(round7(r.uniform(c.ymin, c.ymax)));
		}
		const ok = new Set<number>();
		for (let from = 0; from < pending.length; from += CHUNK) {
			const to = Math.min(pending.length, from + CHUNK);
			const rows = await q<{ req: number }>(ctx, 'points_in_cells', [
				pending.slice(from, to),
				cl.slice(from, to),
				xs.slice(from, to),
				ys.slice(from, to)
			]);
			for (const row of rows) ok.add(row.req);
		}
		const next: number[] = [];
		pending.forEach((i, k) => {
			if (ok.has(i)) {
				lon[i] = xs[k]!;
				lat[i] = ys[k]!;
			} else next.push(i);
		});
		pending = next;
	}
	// A cell that rejects 40 candidates in a row is a thin sliver: use its point on surface.
	for (const i of pending) {
		lon[i] = cells[i]!.lon;
		lat[i] = cells[i]!.lat;
	}
	return { lon, lat };
}
