/**
 * The administrative geography: the real district boundary (repaired), 14 subdistricts and their
 * communities tiling it (Voronoi diagrams clipped in PostGIS), and the unit grid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { q, type SeedContext } from './context';
import { density, km } from './density';
import { rng, type Rng } from './prng';
import { DISTRICT, SUBDISTRICTS } from './places';

/** Unit grid cell side in metres (DOMAIN.md: roughly 150–250 m here). */
export const CELL_SIZE_M = 200;
/** Pieces smaller than this (m²) are merged into a neighbouring cell. */
export const SLIVER_M2 = 2000;
/** Slivers smaller than this (m²) join the nearest cell even when they share no edge with it. */
export const SPECK_M2 = 50;
/** Digits of the grid sequence appended to the community code (3 = 15-digit codes). */
export const GRID_SEQ_WIDTH = 3;
/**
 * Every overlay snaps to this grid (degrees, about 0.1 mm): snap-rounding is always robust, and
 * neighbouring areas share identical vertices (see sql/queries/seed/insert_areas_voronoi.sql).
 */
export const PRECISION_DEG = 1e-9;

const BOUNDARY_FILE = 'lixia-district.geojson';

/**
 * The boundary GeoJSON geometry as text. Next to this module in the source tree; from a build
 * (where modules are bundled elsewhere) it is read from src/lib/server/data under the working
 * directory.
 */
export function readBoundaryGeometry(): string {
	const candidates = [
		fileURLToPath(new URL(`../data/${BOUNDARY_FILE}`, import.meta.url)),
		path.resolve('src/lib/server/data', BOUNDARY_FILE)
	];
	const file = candidates.find((f) => fs.existsSync(f));
	if (!file)
		throw new Error(
			`Boundary file ${BOUNDARY_FILE} not found (looked in ${candidates.join(', ')})`
		);
	const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		features?: { geometry?: unknown; properties?: { admin_code?: string } }[];
	};
	const feature = fc.features?.find((f) => f.properties?.admin_code === DISTRICT.code.slice(0, 6));
	if (!feature?.geometry)
		throw new Error(`${file}: no feature with admin_code ${DISTRICT.code.slice(0, 6)}`);
	return JSON.stringify(feature.geometry);
}

export interface BoundaryResult {
	repaired: boolean;
	/** ST_IsValidReason of the boundary as delivered. */
	reason: string;
	vertices: number;
	/** Polygons kept after the repair. */
	parts: number;
	areaKm2: number;
	bbox: [number, number, number, number];
}

/** Loads, checks, repairs and stores the district boundary. */
export async function seedBoundary(ctx: SeedContext): Promise<BoundaryResult> {
	const geojson = readBoundaryGeometry();
	const [inspect] = await q<{ valid: boolean; reason: string; vertices: number; area_m2: number }>(
		ctx,
		'boundary_inspect',
		[geojson]
	);
	if (!inspect) throw new Error('boundary inspection returned nothing');
	const [row] = await q<{
		valid: boolean;
		parts: number;
		area_m2: number;
		xmin: number;
		ymin: number;
		xmax: number;
		ymax: number;
	}>(ctx, 'insert_district', [
		geojson,
		DISTRICT.code,
		DISTRICT.name,
		DISTRICT.nameEn,
		PRECISION_DEG
	]);
	if (!row?.valid) throw new Error('the repaired district boundary is still invalid');
	const areaKm2 = row.area_m2 / 1e6;
	if (areaKm2 < 95 || areaKm2 > 107) {
		throw new Error(`district area ${areaKm2.toFixed(1)} km² is far from the expected ~101 km²`);
	}
	const result: BoundaryResult = {
		repaired: !inspect.valid,
		reason: inspect.reason,
		vertices: inspect.vertices,
		parts: row.parts,
		areaKm2,
		bbox: [row.xmin, row.ymin, row.xmax, row.ymax]
	};
	return result;
}

export type AreaRow = {
	code: string;
	parent_code: string;
	area_m2: number;
};

/** 14 subdistricts: jittered real-ish seeds → Voronoi clipped to the district. */
export async function seedSubdistricts(ctx: SeedContext): Promise<AreaRow[]> {
	const r = rng(ctx.seed, 'subdistricts');
	const seeds = SUBDISTRICTS.map((s) => ({
		code: subdistrictCode(s.seq),
		name: s.name,
		nameEn: s.nameEn,
		lon: s.lon + r.normal(0, 0.0012),
		lat: s.lat + r.normal(0, 0.001)
	}));
	const rows = await q<AreaRow>(ctx, 'insert_areas_voronoi', [
		'subdistrict',
		seeds.map((s) => s.code),
		seeds.map(() => DISTRICT.code),
		seeds.map((s) => s.name),
		seeds.map((s) => s.nameEn),
		seeds.map((s) => s.lon),
		seeds.map((s) => s.lat),
		PRECISION_DEG
	]);
	if (rows.length !== SUBDISTRICTS.length) {
		throw new Error(`expected ${SUBDISTRICTS.length} subdistricts, got ${rows.length}`);
	}
	return rows;
}

export function subdistrictCode(seq: number): string {
	return `${DISTRICT.code.slice(0, 6)}${String(seq).padStart(3, '0')}000`;
}

type LatticePoint = {
	code: string;
	lon: number;
	lat: number;
};

/**
 * 6–8 communities per subdistrict: a density-weighted k-means over a 100 m lattice inside the
 * subdistrict gives balanced seeds (denser parts get smaller communities); each seed is snapped to
 * a lattice point so it lies inside; Voronoi clipped to the subdistrict in PostGIS.
 */
export async function seedCommunities(ctx: SeedContext): Promise<AreaRow[]> {
	const r = rng(ctx.seed, 'communities');
	const lattice = await q<LatticePoint>(ctx, 'area_lattice', ['subdistrict', 100]);
	const bySub = new Map<string, LatticePoint[]>();
	for (const p of lattice) {
		const list = bySub.get(p.code) ?? [];
		list.push(p);
		bySub.set(p.code, list);
	}
	const codes: string[] = [];
	const parents: string[] = [];
	const names: string[] = [];
	const namesEn: string[] = [];
	const lons: number[] = [];
	const lats: number[] = [];
	for (const s of SUBDISTRICTS) {
		const sub = subdistrictCode(s.seq);
		const pts = bySub.get(sub) ?? [];
		const k = Math.min(r.int(6, 8), pts.length);
		if (k < 6) throw new Error(`subdistrict ${sub} is too small for 6 communities`);
		const centres = kMeans(
			pts,
			pts.map((p) => Math.pow(density(p.lon, p.lat), 0.8)),
			k,
			r
		);
		// Number communities north→south, then west→east, like the grid.
		centres.sort((a, b) => b.lat - a.lat || a.lon - b.lon);
		const pool = r.shuffle(s.communities);
		centres.forEach((c, i) => {
			const [zh, en] = pool[i] ?? [`${s.name}第${i + 1}社区`, `${s.nameEn} Community ${i + 1}`];
			codes.push(`${sub.slice(0, 9)}${String(i + 1).padStart(3, '0')}`);
			parents.push(sub);
			names.push(zh);
			namesEn.push(en);
			lons.push(c.lon);
			lats.push(c.lat);
		});
	}
	const rows = await q<AreaRow>(ctx, 'insert_areas_voronoi', [
		'community',
		codes,
		parents,
		names,
		namesEn,
		lons,
		lats,
		PRECISION_DEG
	]);
	if (rows.length !== codes.length) {
		throw new Error(`expected ${codes.length} communities, got ${rows.length}`);
	}
	return rows;
}

/**
 * Weighted k-means (k-means++ start, a fixed number of Lloyd rounds); each centre is then
 * snapped to the member point nearest to it, so it lies inside the area the points came from.
 */
export function kMeans(
	pts: readonly { lon: number; lat: number }[],
	weights: readonly number[],
	k: number,
	r: Rng
): { lon: number; lat: number }[] {
	if (pts.length < k) throw new RangeError('fewer points than clusters');
	const first = pts[r.weightedIndex(weights)];
	if (!first) throw new RangeError('no points');
	const centres = [{ lon: first.lon, lat: first.lat }];
	const d2 = new Float64Array(pts.length);
	while (centres.length < k) {
		for (let i = 0; i < pts.length; i++) {
			const p = pts[i]!;
			let best = Infinity;
			for (const c of centres) best = Math.min(best, km(p.lon, p.lat, c.lon, c.lat) ** 2);
			d2[i] = best * (weights[i] ?? 0);
		}
		const next = pts[r.weightedIndex(Array.from(d2))]!;
		centres.push({ lon: next.lon, lat: next.lat });
	}
	const assign = new Int32Array(pts.length);
	for (let round = 0; round < 25; round++) {
		for (let i = 0; i < pts.length; i++) {
			const p = pts[i]!;
			let best = Infinity;
			for (let c = 0; c < k; c++) {
				const d = km(p.lon, p.lat, centres[c]!.lon, centres[c]!.lat);
				if (d < best) {
					best = d;
					assign[i] = c;
				}
			}
		}
		const sx = new Float64Array(k);
		const sy = new Float64Array(k);
		const sw = new Float64Array(k);
		for (let i = 0; i < pts.length; i++) {
			const c = assign[i]!;
			const w = weights[i] ?? 0;
			sx[c]! += pts[i]!.lon * w;
			sy[c]! += pts[i]!.lat * w;
			sw[c]! += w;
		}
		for (let c = 0; c < k; c++) {
			if (sw[c]! > 0) centres[c] = { lon: sx[c]! / sw[c]!, lat: sy[c]! / sw[c]! };
		}
	}
	// Snap: the member nearest to each centre (a centre of a bent cluster may fall outside).
	return centres.map((c, ci) => {
		let best = Infinity;
		let at = c;
		for (let i = 0; i < pts.length; i++) {
			if (assign[i] !== ci) continue;
			const d = km(pts[i]!.lon, pts[i]!.lat, c.lon, c.lat);
			if (d < best) {
				best = d;
				at = pts[i]!;
			}
		}
		return { lon: at.lon, lat: at.lat };
	});
}

/** The unit grid, cut and numbered in PostGIS. */
export async function seedGrid(ctx: SeedContext): Promise<number> {
	const rows = await q<{ id: number }>(ctx, 'insert_grid_cells', [
		CELL_SIZE_M,
		SLIVER_M2,
		GRID_SEQ_WIDTH,
		PRECISION_DEG,
		SPECK_M2
	]);
	// An empty answer here means the statement failed without saying so (PGlite, see the SQL).
	if (rows.length === 0) throw new Error('grid: no cells were created');
	return rows.length;
}
