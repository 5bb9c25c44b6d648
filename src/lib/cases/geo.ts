/** Small geometry for the case page's map. Pure. */
import type { Feature, Polygon } from 'geojson';
import type { BBox } from '../map/bbox';

const M_PER_DEG_LAT = 111_320;

/**
 * A circle of `radiusM` metres around a point as a polygon (MapLibre's fill layers draw it at
 * every zoom without a circle layer).
 * @example circle(117.03, 36.67, 20).geometry.coordinates[0].length // 33
 */
export function circle(lon: number, lat: number, radiusM: number, steps = 32): Feature<Polygon> {
	const dLat = radiusM / M_PER_DEG_LAT;
	const dLon = radiusM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
	const ring: [number, number][] = [];
	for (let i = 0; i <= steps; i++) {
		const a = ((i % steps) / steps) * 2 * Math.PI;
		ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
	}
	return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/** A box of ± `halfM` metres around a point (the camera of the case map). */
export function boxAround(lon: number, lat: number, halfM: number): BBox {
	const dLat = halfM / M_PER_DEG_LAT;
	const dLon = halfM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
	return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
