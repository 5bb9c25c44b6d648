/**
 * Cost matrices from coordinates, for callers that send points instead of distances.
 */
import { cosDeg, DEFAULT_DETOUR, haversineH, hToMetres } from '../geo';
import { checkLonLat } from '../points';

/**
 * Walking-distance matrix: haversine metres × detour from every demand point (rows) to every
 * candidate site (columns).
 *
 * @param demand - demand points (lon/lat degrees)
 * @param candidates - candidate sites (lon/lat degrees)
 * @param detour - walking / straight-line ratio (default 1.3)
 * @returns `costs[i][j]` in walking metres
 * @example
 * costMatrix([{ lon: 0, lat: 0 }], [{ lon: 0.001, lat: 0 }], 1); // [[111.195…]]
 */
export function costMatrix(
	demand: readonly { lon: number; lat: number }[],
	candidates: readonly { lon: number; lat: number }[],
	detour: number = DEFAULT_DETOUR
): number[][] {
	if (!(detour >= 1) || !Number.isFinite(detour)) {
		throw new RangeError(`detour must be a finite number >= 1, got ${detour}`);
	}
	candidates.forEach((c, j) => checkLonLat(c.lon, c.lat, `candidates[${j}]`));
	const cos = candidates.map((c) => cosDeg(c.lat));
	return demand.map((d, i) => {
		checkLonLat(d.lon, d.lat, `demandPoints[${i}]`);
		const cd = cosDeg(d.lat);
		return candidates.map(
			(c, j) => hToMetres(haversineH(d.lon, d.lat, cd, c.lon, c.lat, cos[j]!)) * detour
		);
	});
}
