/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the demo
 * generator needs. Never Math.random: the same seed must give the same district.
 *
 * Each generation step draws from its own stream (`rng(seed, 'incidents')`), so a change to one
 * step does not reshuffle the content of all the others.
 */

export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform in [min, max). */
	uniform(min: number, max: number): number;
	/** Integer in [min, max] (inclusive). */
	int(min: number, max: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	/** A standard normal deviate (Box–Muller). */
	normal(mean?: number, sd?: number): number;
	/** An exponential deviate with the given mean. */
	exponential(mean: number): number;
	/** One element, uniformly. */
	pick<T>(items: readonly T[]): T;
	/** An index drawn with probability proportional to weights[i]. */
	weightedIndex(weights: readonly number[]): number;
	/** A shuffled copy (Fisher–Yates). */
	shuffle<T>(items: readonly T[]): T[];
	/** A string of `length` characters from `alphabet`. */
	chars(length: number, alphabet: string): string;
}

/** splitmix32: spreads a 32-bit seed (or a hash) into well-mixed words for sfc32's state. */
function splitmix32(a: number): () => number {
	let s = a >>> 0;
	return () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
		return (z ^ (z >>> 16)) >>> 0;
	};
}

/** FNV-1a over a label, to derive one stream per step from the user's seed. */
function hashLabel(label: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < label.length; i++) {
		h ^= label.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/**
 * A PRNG stream for one step.
 * @param seed the user's seed (any integer)
 * @param label the step, so each step has an independent stream
 * @example rng(42, 'incidents').int(1, 6)
 */
export function rng(seed: number, label = ''): Rng {
	const mix = splitmix32((seed >>> 0) ^ hashLabel(label));
	let a = mix();
	let b = mix();
	let c = mix();
	let d = mix();
	const next = (): number => {
		// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit version.
		const t = (((a + b) >>> 0) + d) >>> 0;
		d = (d + 1) >>> 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) >>> 0;
		c = ((c << 21) | (c >>> 11)) >>> 0;
		c = (c + t) >>> 0;
		return t / 4294967296;
	};
	// Discard the first outputs: sfc32 needs a few rounds to decorrelate from its seed.
	for (let i = 0; i < 12; i++) next();
	let spare: number | null = null;

	const r: Rng = {
		next,
		uniform: (min, max) => min + (max - min) * next(),
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => next() < p,
		normal(mean = 0, sd = 1) {
			if (spare !== null) {
				const z = spare;
				spare = null;
				return mean + sd * z;
			}
			let u = 0;
			while (u === 0) u = next();
			const v = next();
			const m = Math.sqrt(-2 * Math.log(u));
			spare = m * Math.sin(2 * Math.PI * v);
			return mean + sd * m * Math.cos(2 * Math.PI * v);
		},
		exponential(mean) {
			let u = 0;
			while (u === 0) u = next();
			return -Math.log(u) * mean;
		},
		pick<T>(items: readonly T[]): T {
			if (items.length === 0) throw new RangeError('pick from an empty list');
			return items[Math.floor(next() * items.length)] as T;
		},
		weightedIndex(weights) {
			let total = 0;
			for (const w of weights) total += w;
			if (!(total > 0)) throw new RangeError('weightedIndex needs a positive total weight');
			let x = next() * total;
			for (let i = 0; i < weights.length; i++) {
				x -= weights[i] ?? 0;
				if (x < 0) return i;
			}
			return weights.length - 1;
		},
		shuffle<T>(items: readonly T[]): T[] {
			const out = [...items];
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				const tmp = out[i] as T;
				out[i] = out[j] as T;
				out[j] = tmp;
			}
			return out;
		},
		chars(length, alphabet) {
			let s = '';
			for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
			return s;
		}
	};
	return r;
}

/**
 * Draws many indices in proportion to fixed weights quickly (cumulative table + binary search),
 * for sampling tens of thousands of incidents over thousands of grid cells.
 */
export class WeightedTable {
	private readonly cum: Float64Array;
	readonly total: number;

	constructor(weights: readonly number[]) {
		this.cum = new Float64Array(weights.length);
		let t = 0;
		for (let i = 0; i < weights.length; i++) {
			t += Math.max(0, weights[i] ?? 0);
			this.cum[i] = t;
		}
		if (!(t > 0)) throw new RangeError('WeightedTable needs a positive total weight');
		this.total = t;
	}

	draw(r: Rng): number {
		const x = r.next() * this.total;
		let lo = 0;
		let hi = this.cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if ((this.cum[mid] ?? 0) > x) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}

/**
 * Integers proportional to weights that sum exactly to `total` (largest-remainder / Hamilton
 * rounding). Ties in the remainders go to the lower index, so the result is deterministic.
 * @example apportion(10, [1, 1, 1]) // [4, 3, 3]
 */
export function apportion(total: number, weights: readonly number[]): number[] {
	if (!Number.isInteger(total) || total < 0) throw new RangeError(`bad total ${total}`);
	const n = weights.length;
	if (n === 0) {
		if (total === 0) return [];
		throw new RangeError('cannot apportion a positive total over no weights');
	}
	let sum = 0;
	for (const w of weights) {
		if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`bad weight ${w}`);
		sum += w;
	}
	// All-zero weights: share equally.
	const ws = sum > 0 ? weights : weights.map(() => 1);
	const s = sum > 0 ? sum : n;
	const out = new Array<number>(n);
	const rem: { i: number; r: number }[] = [];
	let given = 0;
	for (let i = 0; i < n; i++) {
		const exact = (total * (ws[i] ?? 0)) / s;
		const f = Math.floor(exact);
		out[i] = f;
		given += f;
		rem.push({ i, r: exact - f });
	}
	rem.sort((a, b) => b.r - a.r || a.i - b.i);
	for (let k = 0; k < total - given; k++) {
		const e = rem[k % n];
		if (e) out[e.i] = (out[e.i] ?? 0) + 1;
	}
	return out;
}
