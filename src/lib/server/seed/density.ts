/**
 * The demo's population density surface: dense in the old town (north-west), a second belt of
 * 1980s–90s estates in the middle, newer high-rises in the east, thin in the southern hills.
 * A relative density (no unit); population is apportioned in proportion to it × area.
 */
import { OLD_TOWN } from './places';

const KM_PER_DEG_LAT = 110.57;

/** Distance in km between two lon/lat points (equirectangular: fine within a district). */
export function km(lon1: number, lat1: number, lon2: number, lat2: number): number {
	const kx = 111.32 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
	const dx = (lon1 - lon2) * kx;
	const dy = (lat1 - lat2) * KM_PER_DEG_LAT;
	return Math.sqrt(dx * dx + dy * dy);
}

function bump(lon: number, lat: number, lon0: number, lat0: number, sigmaKm: number): number {
	const d = km(lon, lat, lon0, lat0);
	return Math.exp(-(d * d) / (2 * sigmaKm * sigmaKm));
}

function smoothstep(x: number, a: number, b: number): number {
	const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
	return t * t * (3 - 2 * t);
}

/**
 * Relative residential density at a point.
 * @example density(117.03, 36.668) > density(117.11, 36.605) // old town vs southern hills
 */
export function density(lon: number, lat: number): number {
	const d =
		0.3 +
		2.4 * bump(lon, lat, OLD_TOWN.lon, OLD_TOWN.lat, 2.0) +
		1.1 * bump(lon, lat, 117.074, 36.656, 2.2) +
		0.7 * bump(lon, lat, 117.104, 36.66, 2.0) +
		0.6 * bump(lon, lat, 117.15, 36.678, 1.8) +
		0.4 * bump(lon, lat, 117.112, 36.69, 1.5);
	// The southern hills (south of about 36.64 N) are mostly slopes and scenic areas.
	const hills = 0.12 + 0.88 * smoothstep(lat, 36.6, 36.642);
	return d * hills;
}

/**
 * The expected share of residents aged 60+ at a point before neighbourhood effects: about 27 %
 * in the old town, falling to about 14 % in the new eastern estates.
 */
export function baseAgedShare(lon: number, lat: number): number {
	const d = km(lon, lat, OLD_TOWN.lon, OLD_TOWN.lat);
	return 0.14 + 0.13 * Math.exp(-d / 3.5);
}
