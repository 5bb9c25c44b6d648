/** vt-pbf ships no types; the part we use (src/lib/server/map/mvt.ts). */
declare module 'vt-pbf' {
	/** A geojson-vt tile feature: type 1 point (geometry [[x, y], …]), 2 line, 3 polygon. */
	export interface GeojsonVtFeature {
		id?: number;
		type: 1 | 2 | 3;
		geometry: number[][] | number[][][];
		tags: Record<string, string | number | boolean>;
	}
	export function fromGeojsonVt(
		layers: Record<string, { features: GeojsonVtFeature[] }>,
		options?: { version?: number; extent?: number }
	): Uint8Array;
	const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
	export default vtpbf;
}
