/**
 * Coverage of grid-cell demand by service points, answered from memory by the analysis engine
 * (`engine: 'turf'`) or by PostGIS (`engine: 'postgis'`, sql/queries/analysis/coverage_postgis.sql)
 * as the oracle: both give the same covered flag per cell and the same totals (tests/db).
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import {
	computeCoverage,
	DesertIndex,
	makeTotals,
	metresToLatDegreesSafe,
	totalsOf,
	type CoverageTotals,
	type DesertProperties,
	type ServiceType
} from './engine';
import type { Actor } from '$lib/domain/actor';
import { scopeParam } from '$lib/domain/actor';
import type { Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { requireAnalysis } from './access';
import {
	analysisData,
	SEGMENT_FIELD,
	statusesOf,
	supplyOf,
	type AnalysisData,
	type ServicePointRow
} from './data';
import type { DemandCell } from '$lib/planner/types';
import type { AnalysisParams, CoverageParams, Engine } from './params';

/** Totals of one area. */
export interface AreaTotals extends CoverageTotals {
	code: string;
	name: string | null;
	nameEn: string | null;
}

/** Per-cell results as parallel arrays (compact for the map and the what-if Worker). */
export interface CellColumns {
	id: number[];
	/** 1 when covered. */
	covered: number[];
	/** Walking metres to the nearest point within the radius; null when uncovered. */
	distance: (number | null)[];
	/** Demand of the segment. */
	demand: number[];
}

/** A service point as the planner draws it. */
export interface PlannerPoint {
	id: number;
	name: string;
	nameEn: string | null;
	status: 'active' | 'planned';
	capacity: number | null;
	lon: number;
	lat: number;
}

/** The answer of GET /api/analysis/coverage. */
export interface CoverageReply {
	params: AnalysisParams & { engine: Engine };
	version: string;
	totals: CoverageTotals;
	bySubdistrict: AreaTotals[];
	byCommunity: AreaTotals[];
	deserts: FeatureCollection<Polygon | MultiPolygon, DesertProperties>;
	cells?: CellColumns;
	points: PlannerPoint[];
	ms: number;
}

/** The result before shaping: which cells, covered or not, at what distance. */
export interface CellCoverage {
	cells: readonly DemandCell[];
	weights: Float64Array;
	covered: Uint8Array;
	distance: Float64Array;
}

// Recent answers per database and data version: the planner asks the same questions again.
const recentByDb = new WeakMap<Queryable, Map<string, CoverageReply>>();
const RECENT_MAX = 24;

/**
 * Coverage of the demand of a segment by the service points of a type, with totals by
 * subdistrict and community, ranked desert polygons and per-cell results.
 *
 * Demand is the grid cells in the actor's scope; supply is every point of the type (a point just
 * across the boundary serves cells in scope too).
 *
 * @param db - the database
 * @param actor - who is asking (needs `analysis.run`)
 * @param params - service, segment, radius (walking metres), detour, statuses, engine
 * @returns totals, areas, deserts, cells and points
 * @throws PermissionError without `analysis.run`
 * @example
 * const r = await coverage(db, actor, { service: 'meal', segment: 'age60', radius: 500, detour: 1.3,
 *   status: 'active', engine: 'turf', withDeserts: true, withCells: true });
 * r.totals.percent;
 */
export async function coverage(
	db: Queryable,
	actor: Actor,
	params: CoverageParams
): Promise<CoverageReply> {
	requireAnalysis(actor);
	const t0 = performance.now();
	const data = await analysisData(db);
	const scope = scopeParam(actor);
	const key = JSON.stringify([data.version, params, scope]);
	let recent = recentByDb.get(db);
	if (!recent) recentByDb.set(db, (recent = new Map()));
	const hit = recent.get(key);
	if (hit) return hit;

	const cells = scopedCells(data, actor);
	const supply = supplyOf(data, params.service, params.status);
	const result =
		params.engine === 'postgis'
			? await coveragePostgis(db, cells, params, scope)
			: coverageInMemory(cells, supply, params);

	const reply: CoverageReply = {
		params: {
			service: params.service,
			segment: params.segment,
			radius: params.radius,
			detour: params.detour,
			status: params.status,
			engine: params.engine
		},
		version: data.version,
		totals: totalsOf(result.weights, result.covered),
		bySubdistrict: areaTotals(data, result, 'subdistrict'),
		byCommunity: areaTotals(data, result, 'community'),
		deserts: params.withDeserts ? desertsOf(result) : { type: 'FeatureCollection', features: [] },
		...(params.withCells && { cells: cellColumns(result) }),
		points: supply.map(plannerPoint),
		ms: 0
	};
	reply.ms = Math.round((performance.now() - t0) * 10) / 10;
	recent.set(key, reply);
	if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
	return reply;
}

/**
 * The grid cells the actor may analyse: all for a district-wide scope, else those in its
 * subdistricts.
 *
 * @param data - the analysis data
 * @param actor - who is asking
 * @returns the cells, in id order
 * @example
 * scopedCells(data, actor).length;
 */
export function scopedCells(data: AnalysisData, actor: Actor): readonly DemandCell[] {
	if (actor.scope === 'all') return data.cells;
	const scope = new Set(actor.scope);
	return data.cells.filter((c) => scope.has(c.subdistrict));
}

/**
 * Coverage from memory with the analysis engine (Flatbush index, haversine × detour).
 *
 * @param cells - demand cells
 * @param supply - service points
 * @param params - segment, radius, detour
 * @returns covered flags and distances per cell
 * @example
 * coverageInMemory(cells, supply, { segment: 'all', radius: 500, detour: 1.3 });
 */
export function coverageInMemory(
	cells: readonly DemandCell[],
	supply: readonly { id: number | string; lon: number; lat: number }[],
	params: Pick<AnalysisParams, 'segment' | 'radius' | 'detour'>
): CellCoverage {
	const field = SEGMENT_FIELD[params.segment];
	const demand = cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c[field] }));
	const r = computeCoverage(demand, supply, {
		radius: params.radius,
		model: { unit: 'm', detour: params.detour },
		nearestBeyondRadius: false
	});
	return {
		cells,
		weights: Float64Array.from(demand, (d) => d.weight),
		covered: r.covered,
		distance: r.distanceM
	};
}

/**
 * Coverage answered by PostGIS (ST_DWithin on geography, on the sphere), the oracle.
 *
 * @param db - the database
 * @param cells - the demand cells (in id order) the answer is matched to
 * @param params - service, segment, radius, detour, statuses
 * @param scope - subdistrict codes in scope, null for all
 * @returns covered flags and distances per cell
 * @example
 * await coveragePostgis(db, cells, params, null);
 */
export async function coveragePostgis(
	db: Queryable,
	cells: readonly DemandCell[],
	params: Pick<AnalysisParams, 'service' | 'segment' | 'radius' | 'detour' | 'status'>,
	scope: string[] | null
): Promise<CellCoverage> {
	const straight = params.radius / params.detour;
	let rows: { id: number; weight: number; distance: number | null }[];
	try {
		rows = await db.query(sql('analysis/coverage_postgis'), [
			params.service,
			statusesOf(params.status),
			straight,
			params.segment,
			scope,
			metresToLatDegreesSafe(straight)
		]);
	} catch (e) {
		throw new DbError('computing coverage in PostGIS', e);
	}
	const at = new Map<number, number>();
	cells.forEach((c, k) => at.set(c.id, k));
	const n = cells.length;
	const weights = new Float64Array(n);
	const covered = new Uint8Array(n);
	const distance = new Float64Array(n).fill(Infinity);
	for (const row of rows) {
		const k = at.get(Number(row.id));
		if (k === undefined) continue;
		weights[k] = Number(row.weight);
		if (row.distance !== null) {
			covered[k] = 1;
			distance[k] = Number(row.distance) * params.detour;
		}
	}
	return { cells, weights, covered, distance };
}

/**
 * Contiguous uncovered cells with demand, merged into ranked desert polygons.
 *
 * @param result - per-cell coverage
 * @returns desert polygons, most uncovered demand first
 * @example
 * desertsOf(result).features[0]?.properties.demand;
 */
export function desertsOf(
	result: CellCoverage
): FeatureCollection<Polygon | MultiPolygon, DesertProperties> {
	const { covered, weights } = result;
	return desertIndexOf(result.cells).find((k) => !covered[k] && weights[k]! > 0, weights, {
		minDemand: 1
	}).deserts;
}

// why: preparing the cells (contacts, T-junctions) costs far more than a desert question; the
// whole-district cell list is one array per data version, so it is prepared once.
const desertIndexes = new WeakMap<readonly DemandCell[], DesertIndex>();

function desertIndexOf(cells: readonly DemandCell[]): DesertIndex {
	let index = desertIndexes.get(cells);
	if (!index) {
		index = new DesertIndex(cells.map((c) => c.geometry));
		desertIndexes.set(cells, index);
	}
	return index;
}

function cellColumns(result: CellCoverage): CellColumns {
	const n = result.cells.length;
	const out: CellColumns = { id: [], covered: [], distance: [], demand: [] };
	for (let k = 0; k < n; k++) {
		out.id.push(result.cells[k]!.id);
		out.covered.push(result.covered[k]!);
		const d = result.distance[k]!;
		out.distance.push(result.covered[k] && Number.isFinite(d) ? Math.round(d * 10) / 10 : null);
		out.demand.push(result.weights[k]!);
	}
	return out;
}

function areaTotals(
	data: AnalysisData,
	result: CellCoverage,
	level: 'subdistrict' | 'community'
): AreaTotals[] {
	const acc = new Map<string, [number, number, number, number]>();
	result.cells.forEach((c, k) => {
		const code = c[level];
		let a = acc.get(code);
		if (!a) acc.set(code, (a = [0, 0, 0, 0]));
		const w = result.weights[k]!;
		a[0]++;
		a[2] += w;
		if (result.covered[k]) {
			a[1]++;
			a[3] += w;
		}
	});
	return [...acc.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([code, a]) => {
			const area = data.areas.get(code);
			return {
				code,
				name: area?.name ?? null,
				nameEn: area?.nameEn ?? null,
				...makeTotals(a[0], a[1], a[2], a[3])
			};
		});
}

/**
 * A service point as the planner draws it.
 *
 * @param p - the database row
 * @returns id, name, status, capacity and position
 * @example
 * plannerPoint(row).lon;
 */
export function plannerPoint(p: ServicePointRow): PlannerPoint {
	return {
		id: p.id,
		name: p.name,
		nameEn: p.nameEn,
		status: p.status,
		capacity: p.capacity,
		lon: p.lon,
		lat: p.lat
	};
}

export type { ServiceType };
