/**
 * Great-circle geometry and the walking-distance model shared by the analysis modules.
 *
 * All analysis distances are "walking metres": the haversine straight line multiplied by a
 * detour factor, because no road network is loaded (DOMAIN.md: walking distance is about
 * 1.2–1.35 × the straight line in Chinese cities). Coordinates are WGS84 lon/lat degrees;
 * extents that cross the antimeridian are not supported (the product covers Chinese cities).
 */

/** Mean Earth radius in metres; the same value as `@turf/helpers` so results match `@turf/distance`. */
export const EARTH_RADIUS_M = 6371008.8;

/** Default ratio of walking distance to straight-line distance (DOMAIN.md: 1.2–1.35). */
export const DEFAULT_DETOUR = 1.3;

/**
 * Default walking speed in metres per minute: the 15-minute community life circle is about 1 km
 * of walking (DOMAIN.md planning standards), i.e. 1000 / 15 ≈ 66.7 m/min.
 */
export const DEFAULT_WALK_SPEED_M_PER_MIN = 1000 / 15;

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

/**
 * How a radius is expressed and how straight lines become walking distances.
 * - `{ unit: 'm' }`: radii are walking metres.
 * - `{ unit: 'min' }`: radii are walking minutes at `speedMPerMin`.
 * In both, walking metres = haversine metres × `detour`.
 */
export type DistanceModel =
	{ unit: 'm'; detour?: number } | { unit: 'min'; detour?: number; speedMPerMin?: number };

/** A distance model with its defaults filled in. */
export interface ResolvedDistanceModel {
	unit: 'm' | 'min';
	detour: number;
	/** Walking speed in m/min; only meaningful when `unit` is `'min'`. */
	speedMPerMin: number;
}

/**
 * Fills in the defaults of a distance model and checks it.
 *
 * @param model - the model; omitted means walking metres with the default detour
 * @returns the model with `detour` and `speedMPerMin` set
 * @example
 * resolveDistanceModel({ unit: 'min' }); // { unit: 'min', detour: 1.3, speedMPerMin: 66.67 }
 */
export function resolveDistanceModel(model?: DistanceModel): ResolvedDistanceModel {
	const detour = model?.detour ?? DEFAULT_DETOUR;
	const speed =
		model?.unit === 'min'
			? (model.speedMPerMin ?? DEFAULT_WALK_SPEED_M_PER_MIN)
			: DEFAULT_WALK_SPEED_M_PER_MIN;
	if (!(detour >= 1) || !Number.isFinite(detour)) {
		throw new RangeError(`detour must be a finite number >= 1, got ${detour}`);
	}
	if (!(speed > 0) || !Number.isFinite(speed)) {
		throw new RangeError(`speedMPerMin must be a finite number > 0, got ${speed}`);
	}
	return { unit: model?.unit ?? 'm', detour, speedMPerMin: speed };
}

/**
 * Converts a radius in the model's unit to walking metres.
 *
 * @param radius - radius in metres or minutes, per `model.unit`
 * @param model - the distance model
 * @returns the radius in walking metres
 * @example
 * radiusToWalkMetres(10, { unit: 'min', speedMPerMin: 60 }); // 600
 */
export function radiusToWalkMetres(radius: number, model?: DistanceModel): number {
	if (!(radius >= 0) || !Number.isFinite(radius)) {
		throw new RangeError(`radius must be a finite number >= 0, got ${radius}`);
	}
	const m = resolveDistanceModel(model);
	return m.unit === 'min' ? radius * m.speedMPerMin : radius;
}

/**
 * Converts walking metres to the model's unit (minutes for `unit: 'min'`).
 *
 * @param metres - walking metres
 * @param model - the distance model
 * @returns the distance in metres or minutes
 * @example
 * walkMetresToUnit(600, { unit: 'min', speedMPerMin: 60 }); // 10
 */
export function walkMetresToUnit(metres: number, model?: DistanceModel): number {
	const m = resolveDistanceModel(model);
	return m.unit === 'min' ? metres / m.speedMPerMin : metres;
}

/**
 * Haversine great-circle distance in metres (same result as `@turf/distance` in metres).
 *
 * @param lon1 - longitude of the first point, degrees
 * @param lat1 - latitude of the first point, degrees
 * @param lon2 - longitude of the second point, degrees
 * @param lat2 - latitude of the second point, degrees
 * @returns distance in metres
 * @example
 * haversineM(0, 0, 0.001, 0); // ≈ 111.195
 */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
	return hToMetres(haversineH(lon1, lat1, Math.cos(lat1 * RAD), lon2, lat2, Math.cos(lat2 * RAD)));
}

/**
 * The haversine term h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), monotonic in distance.
 * Hot loops compare h values and convert only the winner with {@link hToMetres}; callers pass
 * precomputed cosines. Every module calls it with the demand point first so that the same pair
 * always yields bit-identical results.
 *
 * @param lon1 - longitude of the first point, degrees
 * @param lat1 - latitude of the first point, degrees
 * @param cosLat1 - Math.cos(lat1 in radians)
 * @param lon2 - longitude of the second point, degrees
 * @param lat2 - latitude of the second point, degrees
 * @param cosLat2 - Math.cos(lat2 in radians)
 * @returns h in [0, 1]
 * @example
 * hToMetres(haversineH(0, 0, 1, 0.001, 0, 1)); // ≈ 111.195
 */
export function haversineH(
	lon1: number,
	lat1: number,
	cosLat1: number,
	lon2: number,
	lat2: number,
	cosLat2: number
): number {
	const a = Math.sin((lat2 - lat1) * RAD * 0.5);
	const b = Math.sin((lon2 - lon1) * RAD * 0.5);
	return a * a + cosLat1 * cosLat2 * b * b;
}

/**
 * Converts a haversine term to metres.
 *
 * @param h - the haversine term from {@link haversineH}
 * @returns great-circle distance in metres
 * @example
 * hToMetres(0); // 0
 */
export function hToMetres(h: number): number {
	return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * Cosine of a latitude given in degrees.
 *
 * @param lat - latitude in degrees
 * @returns cos(lat)
 * @example
 * cosDeg(60); // 0.5
 */
export function cosDeg(lat: number): number {
	return Math.cos(lat * RAD);
}

/** A lon/lat box: [minLon, minLat, maxLon, maxLat] in degrees. */
export type LonLatBox = [number, number, number, number];

/**
 * A box that contains every point within `metres` (great circle) of any point of the box
 * `[minLon, minLat, maxLon, maxLat]`. Used to query lon/lat indexes before the exact
 * haversine test, so it errs on the large side.
 *
 * @param minLon - west edge of the query box
 * @param minLat - south edge
 * @param maxLon - east edge
 * @param maxLat - north edge
 * @param metres - straight-line distance in metres
 * @returns the expanded box
 * @example
 * expandBox(116.3, 39.9, 116.3, 39.9, 500); // ≈ [116.2941, 39.8955, 116.3059, 39.9045]
 */
export function expandBox(
	minLon: number,
	minLat: number,
	maxLon: number,
	maxLat: number,
	metres: number
): LonLatBox {
	const dLat = (metres / EARTH_RADIUS_M) * DEG;
	const far = Math.max(Math.abs(minLat), Math.abs(maxLat)) + dLat;
	// Beyond ~89° every longitude can be within reach; the app never gets there, but stay correct.
	const dLon = far >= 89 ? 360 : Math.min(360, dLat / Math.cos(far * RAD));
	return [minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat];
}

/**
 * Degrees of latitude spanned by a straight-line distance.
 *
 * @param metres - great-circle distance in metres
 * @returns the same distance as degrees of latitude
 * @example
 * metresToLatDegrees(111195); // ≈ 1
 */
export function metresToLatDegrees(metres: number): number {
	return (metres / EARTH_RADIUS_M) * DEG;
}
