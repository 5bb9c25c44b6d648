/**
 * Coverage of demand points by service points: nearest service point, walking distance, and
 * whether it is within the service radius, with totals overall and per group (community,
 * subdistrict).
 *
 * Speed: demand points are bucketed into tiles about one radius wide; each tile asks a Flatbush
 * index over the service points once for the candidates within reach of the whole tile, then each
 * point tests only those. That turns 100,000 index queries into a few thousand. Points with no
 * service point within reach get a k-nearest query (Flatbush `neighbors`, which is several times
 * faster than geokdbush `around` for far points) followed by an exact haversine re-rank.
 */
import Flatbush from 'flatbush';
import {
	EARTH_RADIUS_M,
	expandBox,
	haversineH,
	hToMetres,
	metresToLatDegrees,
	radiusToWalkMetres,
	resolveDistanceModel,
	type DistanceModel
} from './geo';
import {
	searchRadius,
	toColumns,
	toWeights,
	type DemandPoint,
	type PointColumns,
	type PointId,
	type SupplyPoint
} from './points';

export type { DemandPoint, PointId, SupplyPoint } from './points';
export type { DistanceModel } from './geo';
export { DEFAULT_RADIUS_M, SERVICE_TYPES, SEGMENTS } from './services';
export type { ServiceType, Segment } from './services';

/** Demand totals; persons are whole numbers (sums are rounded once, at the end). */
export interface CoverageTotals {
	/** Number of demand points. */
	points: number;
	/** Number of demand points within the radius of some service point. */
	coveredPoints: number;
	/** Total demand (persons). */
	demand: number;
	/** Demand within the radius. */
	covered: number;
	/** `demand - covered`. */
	uncovered: number;
	/** `covered / demand × 100`; 0 when there is no demand. */
	percent: number;
}

/** Totals for one value of a grouping key. */
export interface GroupTotals extends CoverageTotals {
	/** The group's value, e.g. a 12-digit community code. */
	key: string;
}

/** Options for {@link computeCoverage}. */
export interface CoverageOptions<D extends DemandPoint> {
	/** Service radius in the model's unit (walking metres by default). */
	radius: number;
	/** Distance model; default walking metres, detour 1.3. */
	model?: DistanceModel;
	/** Property names of the demand points to total by, e.g. `['community', 'subdistrict']`. */
	groupBy?: readonly (keyof D & string)[];
	/**
	 * Also find the nearest service point for demand points beyond the radius (default true).
	 * When false those points get `nearestIndex -1` and `distanceM Infinity`.
	 */
	nearestBeyondRadius?: boolean;
}

/** Per-point results as parallel arrays (cheap to build and to post to a Worker), plus totals. */
export interface CoverageResult {
	/** The radius in walking metres. */
	radiusM: number;
	/** Position of the nearest service point in the supply array, -1 when none. */
	nearestIndex: Int32Array;
	/** Id of the nearest service point, null when none. */
	nearestId: (PointId | null)[];
	/** Walking metres to the nearest service point; Infinity when none. */
	distanceM: Float64Array;
	/** 1 when `distanceM <= radiusM`. */
	covered: Uint8Array;
	/** Totals over all demand points. */
	totals: CoverageTotals;
	/** For each `groupBy` key, totals per value, sorted by value. */
	groups: Record<string, GroupTotals[]>;
}

/**
 * Computes coverage of demand points by supply points.
 *
 * Distances are haversine × detour ("walking metres"); a point is covered when its nearest
 * supply point is at most `radius` away (inclusive). Ties between equally near supply points go
 * to the one listed first.
 *
 * @param demand - demand points (grid-cell centroids with demand as `weight`)
 * @param supply - service points
 * @param options - radius, distance model, grouping keys
 * @returns per-point nearest/distance/covered arrays and totals
 * @example
 * const r = computeCoverage(cells, mealPoints, { radius: DEFAULT_RADIUS_M.meal, groupBy: ['community'] });
 * r.totals.percent; // e.g. 83.2
 */
export function computeCoverage<D extends DemandPoint>(
	demand: readonly D[],
	supply: readonly SupplyPoint[],
	options: CoverageOptions<D>
): CoverageResult {
	const model = resolveDistanceModel(options.model);
	const radiusM = radiusToWalkMetres(options.radius, options.model);
	const d = toColumns(demand, 'demand');
	const weights = toWeights(demand);
	const s = toColumns(supply, 'supply');
	const n = demand.length;

	const nearestIndex = new Int32Array(n).fill(-1);
	const distanceM = new Float64Array(n).fill(Infinity);
	const covered = new Uint8Array(n);

	if (supply.length > 0 && n > 0) {
		const index = new SupplyIndex(s, d);
		const straight = radiusM / model.detour;
		const tiles = tileDemand(d, Math.max(straight, 50));
		// distanceM holds the haversine term of the nearest point until the last loop converts it.
		const pending = nearestWithin(index, d, tiles, searchRadius(straight), nearestIndex, distanceM);
		if (options.nearestBeyondRadius !== false) {
			for (const i of pending) {
				const k = index.nearest(d.lon[i]!, d.lat[i]!, d.cos[i]!);
				nearestIndex[i] = k;
				distanceM[i] = haversineH(d.lon[i]!, d.lat[i]!, d.cos[i]!, s.lon[k]!, s.lat[k]!, s.cos[k]!);
			}
		}
		for (let i = 0; i < n; i++) {
			const k = nearestIndex[i]!;
			if (k < 0) {
				distanceM[i] = Infinity;
				continue;
			}
			const dist = hToMetres(distanceM[i]!) * model.detour;
			if (dist <= radiusM) covered[i] = 1;
			else if (options.nearestBeyondRadius === false) {
				nearestIndex[i] = -1;
				distanceM[i] = Infinity;
				continue;
			}
			distanceM[i] = dist;
		}
	}

	const nearestId: (PointId | null)[] = new Array<PointId | null>(n);
	for (let i = 0; i < n; i++) {
		const k = nearestIndex[i]!;
		nearestId[i] = k >= 0 ? supply[k]!.id : null;
	}

	return {
		radiusM,
		nearestIndex,
		nearestId,
		distanceM,
		covered,
		totals: totalsOf(weights, covered),
		groups: groupTotals(demand, weights, covered, options.groupBy ?? [])
	};
}

/**
 * Totals of demand and covered demand, rounded to whole persons.
 *
 * @param weights - demand per point
 * @param covered - 1 for covered points
 * @param members - optional subset of point positions
 * @returns the totals
 * @example
 * totalsOf(new Float64Array([3, 2]), new Uint8Array([1, 0])); // { demand: 5, covered: 3, … }
 */
export function totalsOf(
	weights: Float64Array,
	covered: Uint8Array,
	members?: readonly number[]
): CoverageTotals {
	let demand = 0;
	let cov = 0;
	let points = 0;
	let coveredPoints = 0;
	const count = members ? members.length : weights.length;
	for (let m = 0; m < count; m++) {
		const i = members ? members[m]! : m;
		const w = weights[i]!;
		demand += w;
		points++;
		if (covered[i]) {
			cov += w;
			coveredPoints++;
		}
	}
	return makeTotals(points, coveredPoints, demand, cov);
}

/**
 * Builds a totals record from raw sums, rounding persons once.
 *
 * @param points - number of demand points
 * @param coveredPoints - number of covered points
 * @param demandSum - summed demand
 * @param coveredSum - summed covered demand
 * @returns the totals
 * @example
 * makeTotals(2, 1, 5, 3).percent; // 60
 */
export function makeTotals(
	points: number,
	coveredPoints: number,
	demandSum: number,
	coveredSum: number
): CoverageTotals {
	const demand = Math.round(demandSum);
	const covered = Math.min(demand, Math.round(coveredSum));
	return {
		points,
		coveredPoints,
		demand,
		covered,
		uncovered: demand - covered,
		percent: demand > 0 ? (covered / demand) * 100 : 0
	};
}

function groupTotals<D extends DemandPoint>(
	demand: readonly D[],
	weights: Float64Array,
	covered: Uint8Array,
	keys: readonly (keyof D & string)[]
): Record<string, GroupTotals[]> {
	const out: Record<string, GroupTotals[]> = {};
	for (const key of keys) {
		const acc = new Map<string, [number, number, number, number]>();
		for (let i = 0; i < demand.length; i++) {
			const raw: unknown = demand[i]![key];
			if (raw === null || raw === undefined) continue;
			const value = String(raw);
			let a = acc.get(value);
			if (!a) {
				a = [0, 0, 0, 0];
				acc.set(value, a);
			}
			const w = weights[i]!;
			a[0]++;
			a[2] += w;
			if (covered[i]) {
				a[1]++;
				a[3] += w;
			}
		}
		out[key] = [...acc.entries()]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([value, a]) => ({ key: value, ...makeTotals(a[0], a[1], a[2], a[3]) }));
	}
	return out;
}

/**
 * A Flatbush index over service points in "scaled degrees" (x = lon × cos φ0, y = lat), so that
 * box queries and planar k-nearest searches are nearly isotropic over a city.
 */
class SupplyIndex {
	readonly s: PointColumns;
	private readonly tree: Flatbush;
	private readonly c0: number;
	/** Planar distances are within this factor of great-circle ones over the data's extent. */
	private readonly slack: number;

	constructor(s: PointColumns, d: PointColumns) {
		this.s = s;
		let minAbs = 90;
		let maxAbs = 0;
		let sumLat = 0;
		let crosses = false;
		for (const cols of [s, d]) {
			for (let i = 0; i < cols.lat.length; i++) {
				const a = Math.abs(cols.lat[i]!);
				if (a < minAbs) minAbs = a;
				if (a > maxAbs) maxAbs = a;
				if (cols === s) sumLat += cols.lat[i]!;
				if (cols.lat[i]! < 0) crosses = true;
			}
		}
		if (crosses) minAbs = 0;
		this.c0 = Math.max(cosDegClamped(sumLat / s.lat.length), 0.01);
		const lo = Math.min(1, cosDegClamped(maxAbs) / this.c0);
		const hi = Math.max(1, cosDegClamped(minAbs) / this.c0);
		// 1 % more for the curvature that the local flat metric ignores.
		this.slack = (hi / lo) * 1.01;
		this.tree = new Flatbush(s.lon.length, 16);
		for (let k = 0; k < s.lon.length; k++) {
			const x = s.lon[k]! * this.c0;
			this.tree.add(x, s.lat[k]!, x, s.lat[k]!);
		}
		this.tree.finish();
	}

	/** Service points inside a lon/lat box. */
	range(minLon: number, minLat: number, maxLon: number, maxLat: number): number[] {
		return this.tree.search(minLon * this.c0, minLat, maxLon * this.c0, maxLat);
	}

	/** The service point nearest by great circle (ties: lower position), at any distance. */
	nearest(lon: number, lat: number, cos: number): number {
		const x = lon * this.c0;
		const first = this.tree.neighbors(x, lat, 4);
		const k1 = first[0]!;
		const limit = Math.hypot(this.s.lon[k1]! * this.c0 - x, this.s.lat[k1]! - lat) * this.slack;
		const last = first[first.length - 1]!;
		const lastDist = Math.hypot(this.s.lon[last]! * this.c0 - x, this.s.lat[last]! - lat);
		// Every point that could be the true nearest is within `limit` in the planar metric.
		const cands =
			first.length < 4 || lastDist > limit
				? first
				: this.tree.neighbors(x, lat, Infinity, limit + 1e-12);
		let best = Infinity;
		let bestK = -1;
		for (const k of cands) {
			const h = haversineH(lon, lat, cos, this.s.lon[k]!, this.s.lat[k]!, this.s.cos[k]!);
			if (h < best || (h === best && k < bestK)) {
				best = h;
				bestK = k;
			}
		}
		return bestK;
	}
}

function cosDegClamped(lat: number): number {
	return Math.cos((Math.min(Math.abs(lat), 89.9) * Math.PI) / 180);
}

/** Demand points bucketed into tiles: members of tile t are order[start[t] .. start[t+1]). */
interface Tiles {
	order: Int32Array;
	start: Int32Array;
	/** Bounding box of each tile's members: 4 numbers per tile. */
	box: Float64Array;
	count: number;
}

function tileDemand(d: PointColumns, sizeM: number): Tiles {
	const n = d.lon.length;
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	for (let i = 0; i < n; i++) {
		minLon = Math.min(minLon, d.lon[i]!);
		minLat = Math.min(minLat, d.lat[i]!);
		maxLon = Math.max(maxLon, d.lon[i]!);
		maxLat = Math.max(maxLat, d.lat[i]!);
	}
	const tileLat = metresToLatDegrees(sizeM);
	const far = Math.min(Math.max(Math.abs(minLat), Math.abs(maxLat)), 89);
	const tileLon = tileLat / Math.max(Math.cos((far * Math.PI) / 180), 0.01);
	const cols = Math.floor((maxLon - minLon) / tileLon) + 1;
	const rows = Math.floor((maxLat - minLat) / tileLat) + 1;
	const tileOf = new Int32Array(n);
	let count = 0;
	if (cols * rows <= 4 * n + 1024) {
		// Dense lookup table: no hashing on the common path.
		const ids = new Int32Array(cols * rows).fill(-1);
		for (let i = 0; i < n; i++) {
			const key =
				Math.floor((d.lon[i]! - minLon) / tileLon) * rows +
				Math.floor((d.lat[i]! - minLat) / tileLat);
			let t = ids[key]!;
			if (t < 0) ids[key] = t = count++;
			tileOf[i] = t;
		}
	} else {
		const ids = new Map<number, number>();
		for (let i = 0; i < n; i++) {
			const key =
				Math.floor((d.lon[i]! - minLon) / tileLon) * rows +
				Math.floor((d.lat[i]! - minLat) / tileLat);
			let t = ids.get(key);
			if (t === undefined) ids.set(key, (t = count++));
			tileOf[i] = t;
		}
	}
	const start = new Int32Array(count + 1);
	for (let i = 0; i < n; i++) start[tileOf[i]! + 1]!++;
	for (let t = 0; t < count; t++) start[t + 1]! += start[t]!;
	const fill = start.slice(0, count);
	const order = new Int32Array(n);
	const box = new Float64Array(count * 4);
	for (let t = 0; t < count; t++) {
		box[4 * t] = Infinity;
		box[4 * t + 1] = Infinity;
		box[4 * t + 2] = -Infinity;
		box[4 * t + 3] = -Infinity;
	}
	for (let i = 0; i < n; i++) {
		const t = tileOf[i]!;
		order[fill[t]!++] = i;
		const lon = d.lon[i]!;
		const lat = d.lat[i]!;
		if (lon < box[4 * t]!) box[4 * t] = lon;
		if (lat < box[4 * t + 1]!) box[4 * t + 1] = lat;
		if (lon > box[4 * t + 2]!) box[4 * t + 2] = lon;
		if (lat > box[4 * t + 3]!) box[4 * t + 3] = lat;
	}
	return { order, start, box, count };
}

/**
 * Finds, per tile, the nearest service point within `reach` straight metres of each member and
 * writes it to `nearest` (its haversine term to `hOut`). Returns the members with nothing within
 * reach.
 */
function nearestWithin(
	index: SupplyIndex,
	d: PointColumns,
	tiles: Tiles,
	reach: number,
	nearest: Int32Array,
	hOut: Float64Array
): number[] {
	const s = index.s;
	const pending: number[] = [];
	const hReach = Math.sin(reach / (2 * EARTH_RADIUS_M)) ** 2;
	// A cheap flat-earth prefilter in degrees² skips most candidates without trigonometry. East-west
	// degrees are scaled by the smallest cosine any pair in the tile can have, so the flat distance
	// never exceeds the true one by more than the higher-order terms the 1 % margin absorbs.
	const reachLat = metresToLatDegrees(reach);
	const reach2 = (reachLat * 1.01) ** 2;
	for (let t = 0; t < tiles.count; t++) {
		const far = Math.max(Math.abs(tiles.box[4 * t + 1]!), Math.abs(tiles.box[4 * t + 3]!));
		const xScale = Math.cos((Math.min(far + reachLat, 89.9) * Math.PI) / 180);
		const [a, b, c, e] = expandBox(
			tiles.box[4 * t]!,
			tiles.box[4 * t + 1]!,
			tiles.box[4 * t + 2]!,
			tiles.box[4 * t + 3]!,
			reach
		);
		const cands = index.range(a, b, c, e);
		for (let m = tiles.start[t]!; m < tiles.start[t + 1]!; m++) {
			const i = tiles.order[m]!;
			const lon = d.lon[i]!;
			const lat = d.lat[i]!;
			const cos = d.cos[i]!;
			let best = Infinity;
			let bestK = -1;
			for (let q = 0; q < cands.length; q++) {
				const k = cands[q]!;
				const dy = s.lat[k]! - lat;
				const dx = (s.lon[k]! - lon) * xScale;
				if (dx * dx + dy * dy > reach2) continue;
				const h = haversineH(lon, lat, cos, s.lon[k]!, s.lat[k]!, s.cos[k]!);
				if (h < best || (h === best && k < bestK)) {
					best = h;
					bestK = k;
				}
			}
			if (bestK >= 0 && best <= hReach) {
				nearest[i] = bestK;
				hOut[i] = best;
			} else pending.push(i);
		}
	}
	return pending;
}
