/**
 * Point inputs and their columnar form: the lon/lat/cos(lat) arrays the hot loops read, and a
 * KDBush index over them (KDBush ids are the input positions).
 */
import KDBush from 'kdbush';
import { cosDeg, expandBox } from './geo';

/** Identifier of a demand or supply point, as the caller knows it. */
export type PointId = string | number;

/** A demand point: usually a grid-cell centroid with its demand (persons) as `weight`. */
export interface DemandPoint {
	id: PointId;
	lon: number;
	lat: number;
	/** Demand in persons; expected to be a whole number >= 0. */
	weight: number;
}

/** A supply (service) point. */
export interface SupplyPoint {
	id: PointId;
	lon: number;
	lat: number;
}

/** Coordinates of many points as parallel typed arrays. */
export interface PointColumns {
	lon: Float64Array;
	lat: Float64Array;
	/** cos(lat), precomputed for {@link haversineH}. */
	cos: Float64Array;
}

/**
 * Copies point coordinates into typed arrays, rejecting coordinates that are not WGS84 degrees.
 *
 * @param points - points with `lon` and `lat` in degrees
 * @param label - name used in error messages ("demand", "supply")
 * @returns the columns
 * @example
 * toColumns([{ lon: 116.4, lat: 39.9 }], 'supply').lon[0]; // 116.4
 */
export function toColumns(
	points: readonly { lon: number; lat: number }[],
	label: string
): PointColumns {
	const n = points.length;
	const lon = new Float64Array(n);
	const lat = new Float64Array(n);
	const cos = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const p = points[i]!;
		checkLonLat(p.lon, p.lat, `${label}[${i}]`);
		lon[i] = p.lon;
		lat[i] = p.lat;
		cos[i] = cosDeg(p.lat);
	}
	return { lon, lat, cos };
}

/**
 * Throws a RangeError unless lon/lat are finite WGS84 degrees.
 *
 * @param lon - longitude
 * @param lat - latitude
 * @param where - label for the message
 * @returns nothing
 * @example
 * checkLonLat(116.4, 39.9, 'supply[0]'); // ok
 */
export function checkLonLat(lon: number, lat: number, where: string): void {
	if (!(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) {
		throw new RangeError(`${where}: lon/lat must be WGS84 degrees, got ${lon}, ${lat}`);
	}
}

/**
 * Sums demand weights, rejecting negative or non-finite ones.
 *
 * @param points - demand points
 * @returns the weights as a typed array
 * @example
 * toWeights([{ id: 1, lon: 0, lat: 0, weight: 3 }])[0]; // 3
 */
export function toWeights(points: readonly DemandPoint[]): Float64Array {
	const w = new Float64Array(points.length);
	for (let i = 0; i < points.length; i++) {
		const v = points[i]!.weight;
		if (!(v >= 0) || !Number.isFinite(v)) {
			throw new RangeError(`demand[${i}].weight must be a finite number >= 0, got ${v}`);
		}
		w[i] = v;
	}
	return w;
}

/**
 * Builds a KDBush index over lon/lat columns; item ids are positions in the columns.
 *
 * @param cols - point columns
 * @returns the finished index, or null when there are no points
 * @example
 * const index = buildIndex(toColumns(points, 'demand'));
 */
export function buildIndex(cols: PointColumns): KDBush | null {
	const n = cols.lon.length;
	if (n === 0) return null;
	const index = new KDBush(n, 64, Float64Array);
	for (let i = 0; i < n; i++) index.add(cols.lon[i]!, cols.lat[i]!);
	return index.finish();
}

/**
 * Candidate ids within `metres` (great circle) of a point: a box query, to be filtered exactly.
 *
 * @param index - a lon/lat KDBush index
 * @param lon - query longitude
 * @param lat - query latitude
 * @param metres - straight-line search radius
 * @returns candidate ids (a superset of the points within `metres`)
 * @example
 * candidatesNear(index, 116.4, 39.9, 400);
 */
export function candidatesNear(index: KDBush, lon: number, lat: number, metres: number): number[] {
	const [a, b, c, d] = expandBox(lon, lat, lon, lat, metres);
	return index.range(a, b, c, d);
}

/**
 * Widens a straight-line search radius by a hair so that float rounding at the exact radius
 * (radius / detour × detour) never drops a pair that the exact test accepts.
 *
 * @param metres - straight-line radius
 * @returns the radius to use for index queries
 * @example
 * searchRadius(400); // 400.000...
 */
export function searchRadius(metres: number): number {
	return metres * (1 + 1e-9) + 1e-6;
}
