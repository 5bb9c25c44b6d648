/**
 * Fill colours for areas: a subtle categorical palette, assigned so that neighbouring areas get
 * different colours where the palette allows (a greedy graph colouring, largest degree first).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { eachPosition } from './bbox';

/** Eight quiet tints that stay readable under dark outlines and labels. */
export const AREA_PALETTE = [
	'#c9dcf0',
	'#d8ecd3',
	'#f3e2c3',
	'#e6d5ef',
	'#cfe9e6',
	'#f4d6d2',
	'#e4e8c8',
	'#d9dbe9'
] as const;

/**
 * Which areas touch: two areas are neighbours when they share a vertex (rounded to 1e-6°, the
 * precision the server sends). Areas cut from one partition share their edges' vertices exactly.
 * @param features polygons with an id under `key` in their properties
 * @param key the property holding the area's id
 * @returns for each id, the set of neighbouring ids
 */
export function adjacency<P extends object>(
	features: readonly Feature<Geometry, P>[],
	key: keyof P & string
): Map<string, Set<string>> {
	const owners = new Map<string, Set<string>>();
	const out = new Map<string, Set<string>>();
	for (const f of features) {
		const id = String((f.properties as Record<string, unknown>)[key]);
		out.set(id, new Set());
		eachPosition(f.geometry, (p: Position) => {
			const k = `${Math.round((p[0] ?? 0) * 1e6)},${Math.round((p[1] ?? 0) * 1e6)}`;
			let set = owners.get(k);
			if (!set) owners.set(k, (set = new Set()));
			set.add(id);
		});
	}
	for (const ids of owners.values()) {
		if (ids.size < 2) continue;
		for (const a of ids) for (const b of ids) if (a !== b) out.get(a)?.add(b);
	}
	return out;
}

/**
 * Assigns palette indexes so that neighbours differ (Welsh–Powell: most-connected first, each
 * takes the lowest index no neighbour has). Deterministic: ties are broken by id.
 * @param neighbours the adjacency from {@link adjacency}
 * @param paletteSize how many colours there are; past that, indexes wrap around
 * @returns id → palette index
 * @example colourIndexes(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]), 8)
 *   // Map { 'a' => 0, 'b' => 1 }
 */
export function colourIndexes(
	neighbours: ReadonlyMap<string, ReadonlySet<string>>,
	paletteSize: number
): Map<string, number> {
	const order = [...neighbours.keys()].sort(
		(a, b) =>
			(neighbours.get(b)?.size ?? 0) - (neighbours.get(a)?.size ?? 0) ||
			(a < b ? -1 : a > b ? 1 : 0)
	);
	const out = new Map<string, number>();
	for (const id of order) {
		const taken = new Set<number>();
		for (const n of neighbours.get(id) ?? []) {
			const c = out.get(n);
			if (c !== undefined) taken.add(c);
		}
		let c = 0;
		while (taken.has(c)) c++;
		out.set(id, c % paletteSize);
	}
	return out;
}

/**
 * A MapLibre `match` expression colouring each area by its id, neighbours in different colours.
 * @param fc the areas
 * @param key the property holding each area's id
 * @param palette the colours
 * @returns an expression usable as `fill-color`
 */
export function areaColourExpression<P extends object>(
	fc: FeatureCollection<Geometry, P> | null,
	key: keyof P & string,
	palette: readonly string[] = AREA_PALETTE
): unknown[] | string {
	const fallback = palette[0] ?? '#cccccc';
	if (!fc || fc.features.length === 0) return fallback;
	const indexes = colourIndexes(adjacency(fc.features, key), palette.length);
	const pairs: string[] = [];
	for (const [id, i] of [...indexes].sort(([a], [b]) => (a < b ? -1 : 1))) {
		pairs.push(id, palette[i] ?? fallback);
	}
	return ['match', ['to-string', ['get', key]], ...pairs, fallback];
}
