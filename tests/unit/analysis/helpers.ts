/** Shared test helpers for the analysis tests (not a test file: no `.test.` in the name). */

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
