/**
 * Camera maths for the map, kept pure so it can be unit-tested without a browser.
 */
import type { GeoJSON, Position } from 'geojson';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

/** Pixels of the map covered by floating panels, or wanted as a margin, on each side. */
export interface Insets {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

/**
 * The bounding box of any GeoJSON object (a FeatureCollection, a Feature, a bare geometry).
 * @param geojson the object to measure
 * @returns the box, or null when it holds no coordinates
 * @example bboxOf({ type: 'Point', coordinates: [117, 36.6] }) // [117, 36.6, 117, 36.6]
 */
export function bboxOf(geojson: GeoJSON | null | undefined): BBox | null {
	let w = Infinity;
	let s = Infinity;
	let e = -Infinity;
	let n = -Infinity;
	const visit = (p: Position) => {
		const [x, y] = p;
		if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return;
		if (x < w) w = x;
		if (x > e) e = x;
		if (y < s) s = y;
		if (y > n) n = y;
	};
	eachPosition(geojson, visit);
	return w <= e && s <= n ? [w, s, e, n] : null;
}

/** Calls fn for every coordinate position in a GeoJSON object. */
export function eachPosition(geojson: GeoJSON | null | undefined, fn: (p: Position) => void): void {
	if (!geojson) return;
	switch (geojson.type) {
		case 'FeatureCollection':
			for (const f of geojson.features) eachPosition(f, fn);
			return;
		case 'Feature':
			eachPosition(geojson.geometry, fn);
			return;
		case 'GeometryCollection':
			for (const g of geojson.geometries) eachPosition(g, fn);
			return;
		case 'Point':
			fn(geojson.coordinates);
			return;
		case 'MultiPoint':
		case 'LineString':
			for (const p of geojson.coordinates) fn(p);
			return;
		case 'MultiLineString':
		case 'Polygon':
			for (const line of geojson.coordinates) for (const p of line) fn(p);
			return;
		case 'MultiPolygon':
			for (const poly of geojson.coordinates) for (const ring of poly) for (const p of ring) fn(p);
			return;
	}
}

/**
 * The smallest box holding all the given boxes.
 * @returns null when no box is given
 */
export function unionBBox(...boxes: (BBox | null | undefined)[]): BBox | null {
	let out: BBox | null = null;
	for (const b of boxes) {
		if (!b) continue;
		out = out
			? [
					Math.min(out[0], b[0]),
					Math.min(out[1], b[1]),
					Math.max(out[2], b[2]),
					Math.max(out[3], b[3])
				]
			: [...b];
	}
	return out;
}

/**
 * Padding for fitting the camera to a box: a margin that grows with the map (5 % of the shorter
 * side, 12–48 px) plus whatever floating panels cover. A panel that would leave less than half
 * of the map free is ignored on that axis (on a phone the legend folds over the map instead of
 * pushing the district into a sliver).
 * @param size the map container in CSS pixels
 * @param covered pixels covered by panels on each side
 * @returns padding for MapLibre's fitBounds
 * @example fitPadding({ width: 1000, height: 600 }, { top: 0, right: 0, bottom: 0, left: 280 })
 *   // { top: 30, right: 30, bottom: 30, left: 310 }
 */
export function fitPadding(
	size: { width: number; height: number },
	covered: Partial<Insets> = {}
): Insets {
	const margin = Math.round(clamp(Math.min(size.width, size.height) * 0.05, 12, 48));
	const axis = (a: number, b: number, extent: number): [number, number] =>
		a + b + 2 * margin <= extent / 2 ? [a, b] : [0, 0];
	const [left, right] = axis(covered.left ?? 0, covered.right ?? 0, size.width);
	const [top, bottom] = axis(covered.top ?? 0, covered.bottom ?? 0, size.height);
	return {
		top: top + margin,
		right: right + margin,
		bottom: bottom + margin,
		left: left + margin
	};
}

/** True when the box has finite coordinates in range and is not inverted. */
export function isValidBBox(b: readonly number[] | null | undefined): b is BBox {
	if (!b || b.length !== 4) return false;
	const [w, s, e, n] = b as BBox;
	return (
		[w, s, e, n].every(Number.isFinite) &&
		w >= -180 &&
		e <= 180 &&
		s >= -90 &&
		n <= 90 &&
		w <= e &&
		s <= n
	);
}

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}
