/** The heatmap request: which box and bin size to ask for at the current view. Pure. */
import type { BBox } from '$lib/map/bbox';

/**
 * The bin size in metres for a zoom: about 16 screen pixels, within the API's 50–5000 m.
 * @example heatCellMetres(11, 36.65) // 981
 */
export function heatCellMetres(zoom: number, lat: number): number {
	const metresPerPixel = (156_543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
	return Math.min(5000, Math.max(50, Math.round(metresPerPixel * 16)));
}

/**
 * The part of the view inside the limit (the district's box, so the API never sees a
 * continent-sized box), rounded outwards to 1e-4°; null when they do not overlap.
 */
export function heatBBox(view: BBox, limit: BBox): BBox | null {
	const w = Math.max(view[0], limit[0]);
	const s = Math.max(view[1], limit[1]);
	const e = Math.min(view[2], limit[2]);
	const n = Math.min(view[3], limit[3]);
	if (w >= e || s >= n) return null;
	const down = (v: number) => Math.floor(v * 1e4) / 1e4;
	const up = (v: number) => Math.ceil(v * 1e4) / 1e4;
	return [down(w), down(s), up(e), up(n)];
}

/**
 * The binary heat layer: little-endian float32 [lon, lat, weight] triplets.
 * @throws Error when the length is not a whole number of triplets
 */
export function decodeHeat(buf: ArrayBuffer): Float32Array {
	if (buf.byteLength % 12 !== 0)
		throw new Error(`heat layer: ${buf.byteLength} bytes is not n × 12`);
	const view = new DataView(buf);
	const out = new Float32Array(buf.byteLength / 4);
	for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
	return out;
}
