/**
 * Pure helpers of the planner page: cell colours, the accessibility classes, hit-testing points
 * in screen space, the points after the planner's edits and formatting. No DOM, no map:
 * unit-testable.
 */
import type { DrawnPoint, PlannerPoint } from './types';

/** RGBA colours of the planner layers. */
export const PLANNER_COLOURS = {
	covered: [46, 160, 103, 70],
	uncovered: [214, 69, 65, 150],
	empty: [0, 0, 0, 0],
	desertFill: [160, 20, 30, 40],
	desertLine: [130, 10, 20, 255],
	desertSelected: [255, 170, 0, 255],
	point: [28, 111, 209, 255],
	planned: [120, 150, 220, 255],
	off: [150, 150, 150, 200],
	moved: [20, 150, 190, 255],
	selectedOutline: [20, 20, 20, 255],
	candidate: [240, 140, 0, 255],
	proposed: [140, 60, 200, 255]
} as const satisfies Record<string, [number, number, number, number]>;

/** Five sequential classes for the accessibility choropleth (light → dark blue-green). */
export const ACCESS_CLASSES: readonly [number, number, number, number][] = [
	[240, 249, 232, 170],
	[186, 228, 188, 180],
	[123, 204, 196, 190],
	[67, 162, 202, 200],
	[8, 104, 172, 210]
];

/**
 * The colour of a cell in the coverage view.
 *
 * @param covered - 1 when covered
 * @param demand - the cell's demand for the segment
 * @returns RGBA
 * @example
 * cellColour(0, 12); // PLANNER_COLOURS.uncovered
 */
export function cellColour(covered: number, demand: number): readonly number[] {
	if (!(demand > 0)) return PLANNER_COLOURS.empty;
	return covered ? PLANNER_COLOURS.covered : PLANNER_COLOURS.uncovered;
}

/**
 * The accessibility class (0–4) of a value given four ascending breaks; cells without demand
 * or without access get null (drawn transparent / as "no access").
 *
 * @param value - capacity per person
 * @param breaks - four ascending class edges
 * @returns 0–4
 * @example
 * accessClass(0.5, [0.1, 0.2, 0.3, 0.4]); // 4
 */
export function accessClass(value: number, breaks: readonly number[]): number {
	let k = 0;
	while (k < breaks.length && value > breaks[k]!) k++;
	return Math.min(k, ACCESS_CLASSES.length - 1);
}

/** A point on screen with an id. */
export interface ScreenPoint<I> {
	id: I;
	x: number;
	y: number;
}

/**
 * The point nearest to a pixel, within a tolerance.
 *
 * @param points - points already projected to screen pixels
 * @param x - pixel x
 * @param y - pixel y
 * @param tolerance - largest distance in pixels
 * @returns the nearest point's id, or null
 * @example
 * hitTest([{ id: 'a', x: 10, y: 10 }], 12, 11, 8); // 'a'
 */
export function hitTest<I>(
	points: readonly ScreenPoint<I>[],
	x: number,
	y: number,
	tolerance: number
): I | null {
	let best = tolerance * tolerance;
	let id: I | null = null;
	for (const p of points) {
		const d = (p.x - x) ** 2 + (p.y - y) ** 2;
		if (d <= best) {
			best = d;
			id = p.id;
		}
	}
	return id;
}

/**
 * A percentage with one decimal.
 *
 * @param value - percent
 * @returns e.g. "83.2 %"
 * @example
 * percent(83.24); // '83.2 %'
 */
export function percent(value: number): string {
	return `${(Math.round(value * 10) / 10).toFixed(1)} %`;
}

/**
 * A signed whole number ("+12", "−3", "0").
 *
 * @param n - the number
 * @returns the text
 * @example
 * signed(-3); // '−3'
 */
export function signed(n: number): string {
	if (n > 0) return `+${n.toLocaleString()}`;
	if (n < 0) return `−${Math.abs(n).toLocaleString()}`;
	return '0';
}

/**
 * The bounding box of a GeoJSON geometry's coordinates.
 *
 * @param coords - nested coordinate arrays
 * @returns [minLon, minLat, maxLon, maxLat]
 * @example
 * boxOf([[[0, 0], [1, 2]]]); // [0, 0, 1, 2]
 */
export function boxOf(coords: unknown): [number, number, number, number] {
	const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	const walk = (c: unknown): void => {
		if (!Array.isArray(c)) return;
		if (typeof c[0] === 'number' && typeof c[1] === 'number') {
			box[0] = Math.min(box[0], c[0]);
			box[1] = Math.min(box[1], c[1]);
			box[2] = Math.max(box[2], c[0]);
			box[3] = Math.max(box[3], c[1]);
			return;
		}
		for (const x of c) walk(x);
	};
	walk(coords);
	return box;
}

/**
 * The service points after the planner's edits, for drawing: existing points (moved ones at
 * their new position, removed ones left out, switched-off ones greyed) and the candidates.
 *
 * @param existing - the existing points of the question
 * @param edits - candidates, moved, removed and switched-off points
 * @param selected - the selected point's id
 * @returns the points with kind and selection
 * @example
 * editedPoints(points, { candidates: [], moved: [], removed: [], off: [3] }, null);
 */
export function editedPoints(
	existing: readonly PlannerPoint[],
	edits: {
		candidates: readonly { id: string; lon: number; lat: number }[];
		moved: readonly { id: number; lon: number; lat: number }[];
		removed: readonly number[];
		off: readonly number[];
	},
	selected: number | string | null
): DrawnPoint[] {
	const off = new Set(edits.off);
	const removed = new Set(edits.removed);
	const moved = new Map(edits.moved.map((p) => [p.id, p]));
	const out: DrawnPoint[] = [];
	for (const pt of existing) {
		if (removed.has(pt.id)) continue;
		const at = moved.get(pt.id) ?? pt;
		const kind = off.has(pt.id)
			? 'off'
			: moved.has(pt.id)
				? 'moved'
				: pt.status === 'planned'
					? 'planned'
					: 'active';
		out.push({ id: pt.id, lon: at.lon, lat: at.lat, kind, selected: selected === pt.id });
	}
	for (const c of edits.candidates) {
		out.push({ id: c.id, lon: c.lon, lat: c.lat, kind: 'candidate', selected: selected === c.id });
	}
	return out;
}
