/** Shared test helpers for the analysis tests (not a test file: no `.test.` in the name). */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * A small seeded PRNG (mulberry32) so that "random" instances are the same on every run.
 *
 * @param seed - any integer
 * @returns a function returning floats in [0, 1)
 * @example
 * const rnd = seeded(1); rnd(); // 0.6270739405881613
 */
export function seeded(seed: number): () => number {
	let s = seed | 0;
	return () => {
		s = (s + 0x6d2b79f5) | 0;
		let t = Math.imul(s ^ (s >>> 15), 1 | s);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Metres per degree of longitude at the equator, with the analysis' Earth radius. */
export const M_PER_DEG_EQ = (6371008.8 * Math.PI) / 180;

/**
 * A random location problem on a 10 km square: Euclidean distances × 1.3, demand 1–100.
 *
 * @param n - demand rows
 * @param m - candidate columns
 * @param seed - PRNG seed
 * @returns costs and demand
 * @example
 * const { costs, demand } = randomInstance(1000, 200, 1);
 */
export function randomInstance(
	n: number,
	m: number,
	seed: number
): { costs: number[][]; demand: number[] } {
	const rnd = seeded(seed);
	const rows = Array.from({ length: n }, () => [rnd() * 10_000, rnd() * 10_000] as const);
	const cols = Array.from({ length: m }, () => [rnd() * 10_000, rnd() * 10_000] as const);
	return {
		costs: rows.map(([x, y]) => cols.map(([a, b]) => Math.round(Math.hypot(x - a, y - b) * 1.3))),
		demand: rows.map(() => 1 + Math.floor(rnd() * 100))
	};
}

/** A square-ish polygon feature from its lower-left corner and size (degrees). */
function box(
	id: number,
	x: number,
	y: number,
	w: number,
	h: number
): { type: 'Feature'; id: number; properties: { demand: number }; geometry: Polygon } {
	return {
		type: 'Feature',
		id,
		properties: { demand: 1 + (id % 7) },
		geometry: {
			type: 'Polygon',
			coordinates: [
				[
					[x, y],
					[x + w, y],
					[x + w, y + h],
					[x, y + h],
					[x, y]
				]
			]
		}
	};
}

/**
 * A brick lattice: rows of cells, every other row shifted by half a cell, and every third row
 * split into half-height cells on the right half, so neighbours share edges only partly
 * (T-junctions everywhere, like grid cells clipped by community borders).
 *
 * @param cols - cells per row
 * @param rows - rows
 * @param d - cell size in degrees
 * @returns the cells, ids 0..n-1, demand 1–7
 * @example
 * const cells = brickLattice(20, 20, 0.002);
 */
export function brickLattice(
	cols: number,
	rows: number,
	d = 0.002
): Feature<Polygon, { demand: number }>[] {
	const out: Feature<Polygon, { demand: number }>[] = [];
	const x0 = 116.95;
	const y0 = 36.6;
	for (let r = 0; r < rows; r++) {
		const y = y0 + r * d;
		const shift = r % 2 === 1 ? d / 2 : 0;
		// The shifted rows start and end with half cells, so every row spans the same width.
		const edges: number[] = [x0];
		for (let c = 0; c < cols; c++) edges.push(x0 + shift + c * d);
		edges.push(x0 + cols * d);
		const xs = [...new Set(edges.filter((x) => x <= x0 + cols * d + 1e-12))].sort((a, b) => a - b);
		for (let k = 0; k + 1 < xs.length; k++) {
			const x = xs[k]!;
			const w = xs[k + 1]! - x;
			if (w < 1e-12) continue;
			if (r % 3 === 2 && k >= xs.length / 2) {
				out.push(box(out.length, x, y, w, d / 2), box(out.length + 1, x, y + d / 2, w, d / 2));
			} else out.push(box(out.length, x, y, w, d));
		}
	}
	return out;
}

/**
 * Problems with a polygon's rings: not closed, too short, a repeated vertex, wrong orientation
 * (outer counter-clockwise, holes clockwise) or a hole vertex outside its outer ring.
 *
 * @param g - the geometry
 * @returns one message per problem; empty when valid
 * @example
 * expect(ringProblems(desert.geometry)).toEqual([]);
 */
export function ringProblems(g: Polygon | MultiPolygon): string[] {
	const problems: string[] = [];
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const signed = (ring: Position[]): number => {
		let s = 0;
		for (let k = 0; k + 1 < ring.length; k++) {
			s += (ring[k]![0]! - ring[k + 1]![0]!) * (ring[k]![1]! + ring[k + 1]![1]!);
		}
		return s / 2;
	};
	const inside = (p: Position, ring: Position[]): boolean => {
		let c = false;
		for (let k = 0, j = ring.length - 2; k < ring.length - 1; j = k++) {
			const a = ring[k]!;
			const b = ring[j]!;
			if (
				a[1]! > p[1]! !== b[1]! > p[1]! &&
				p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!
			)
				c = !c;
		}
		return c;
	};
	polys.forEach((poly, pi) =>
		poly.forEach((ring, ri) => {
			const at = `polygon ${pi} ring ${ri}`;
			if (ring.length < 4) problems.push(`${at}: fewer than 4 positions`);
			const first = ring[0]!;
			const last = ring[ring.length - 1]!;
			if (first[0] !== last[0] || first[1] !== last[1]) problems.push(`${at}: not closed`);
			const keys = ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`);
			if (new Set(keys).size !== keys.length) problems.push(`${at}: a repeated vertex`);
			const a = signed(ring);
			if (ri === 0 ? a <= 0 : a >= 0) problems.push(`${at}: wrong orientation`);
			if (ri > 0) {
				// A hole's edge midpoints lie inside the outer ring (vertices may touch it).
				for (let k = 0; k + 1 < ring.length; k++) {
					const m: Position = [
						(ring[k]![0]! + ring[k + 1]![0]!) / 2,
						(ring[k]![1]! + ring[k + 1]![1]!) / 2
					];
					if (!inside(m, poly[0]!)) {
						problems.push(`${at}: outside its outer ring`);
						break;
					}
				}
			}
		})
	);
	return problems;
}
