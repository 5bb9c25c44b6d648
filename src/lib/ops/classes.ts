/**
 * Class breaks and colour scales for the operations map's choropleth and point layers. Pure.
 */

/** A colour as deck.gl takes it: [r, g, b, a], 0–255. */
export type Rgba = [number, number, number, number];

/** Quantile breaks of ascending finite values, dropping ties (and a break at the minimum). */
function breaksOfSorted(sorted: readonly number[], k: number): number[] {
	const n = sorted.length;
	const breaks: number[] = [];
	if (n === 0) return breaks;
	for (let i = 1; i < k; i++) {
		const b = sorted[Math.floor((i * n) / k)]!;
		// A break equal to the minimum would leave the first class empty.
		if (b > sorted[0]! && (breaks.length === 0 || b > breaks[breaks.length - 1]!)) breaks.push(b);
	}
	return breaks;
}

/**
 * Quantile class breaks: each class holds about the same number of values. Ties are kept in one
 * class, so fewer classes come out when there are fewer distinct values. When the minimum is so
 * common that it swallows several classes (most grid cells have no case in a week), the minimum
 * gets a class of its own and the other values are split into the remaining classes.
 * @param values the values to classify (NaN and ±Infinity are ignored)
 * @param classes how many classes are wanted (≥ 1)
 * @returns the ascending thresholds between classes (length ≤ classes − 1); a value v is in
 *   class {@link classOf}(v, breaks)
 * @example quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8], 4) // [3, 5, 7]
 * @example quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2, 3], 3) // [1, 2]
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
	const k = Math.max(1, Math.floor(classes));
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	const breaks = breaksOfSorted(sorted, k);
	if (breaks.length >= k - 1 || sorted.length === 0) return breaks;
	const rest = sorted.filter((v) => v > sorted[0]!);
	if (rest.length === 0) return breaks;
	const alt = [rest[0]!, ...breaksOfSorted(rest, k - 1)];
	return alt.length > breaks.length ? alt : breaks;
}

/**
 * Which class a value falls in: the number of breaks ≤ value (0 … breaks.length).
 * @param breaks ascending, from {@link quantileBreaks}
 */
export function classOf(value: number, breaks: readonly number[]): number {
	let lo = 0;
	let hi = breaks.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (value >= breaks[mid]!) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** A sequential ramp from pale yellow to dark red (ColorBrewer YlOrRd, 7 steps). */
export const SEQUENTIAL = [
	'#ffffb2',
	'#fed976',
	'#feb24c',
	'#fd8d3c',
	'#fc4e2a',
	'#e31a1c',
	'#b10026'
] as const;

/**
 * Picks `n` colours spread evenly over a ramp, light to dark.
 * @example rampColours(2) // ['#ffffb2', '#b10026']
 */
export function rampColours(n: number, ramp: readonly string[] = SEQUENTIAL): string[] {
	if (n <= 0) return [];
	if (n === 1) return [ramp[Math.floor((ramp.length - 1) / 2)]!];
	return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!);
}

/**
 * '#rrggbb' → [r, g, b, alpha].
 * @throws Error on anything but a 6-digit hex colour
 */
export function hexToRgba(hex: string, alpha = 255): Rgba {
	const m = /^#([0-9a-f]{6})$/i.exec(hex);
	if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
	const v = parseInt(m[1]!, 16);
	return [(v >> 16) & 255, (v >> 8) & 255, v & 255, alpha];
}

/** One class of a choropleth legend. */
export interface ClassEntry {
	color: string;
	/** Lower bound (inclusive) and upper bound (exclusive, or the maximum for the last class). */
	from: number;
	to: number;
}

/** A quantile classification of a set of values, ready to colour features and draw a legend. */
export interface Classification {
	breaks: number[];
	colours: string[];
	entries: ClassEntry[];
}

/**
 * Classifies values into quantile classes with colours from the ramp.
 * @param values the values
 * @param classes the wanted number of classes (fewer when there are fewer distinct values)
 */
export function classify(values: readonly number[], classes = 5): Classification {
	const finite = values.filter((v) => Number.isFinite(v));
	if (finite.length === 0) return { breaks: [], colours: [], entries: [] };
	const breaks = quantileBreaks(finite, classes);
	const colours = rampColours(breaks.length + 1);
	let min = Infinity;
	let max = -Infinity;
	for (const v of finite) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const bounds = [min, ...breaks, max];
	const entries = colours.map((color, i) => ({ color, from: bounds[i]!, to: bounds[i + 1]! }));
	return { breaks, colours, entries };
}

/** The colour of a value under a classification (transparent grey when there is nothing). */
export function colourOf(value: number, c: Classification, alpha = 200): Rgba {
	if (!Number.isFinite(value) || c.colours.length === 0) return [0, 0, 0, 0];
	return hexToRgba(c.colours[classOf(value, c.breaks)]!, alpha);
}
