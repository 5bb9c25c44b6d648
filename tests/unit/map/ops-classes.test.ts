import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	classOf,
	classify,
	colourOf,
	hexToRgba,
	quantileBreaks,
	rampColours,
	SEQUENTIAL
} from '$lib/ops/classes';
import {
	bubbleRadius,
	categoryColour,
	incidentColour,
	priorityRadius,
	pulse,
	sensorColour,
	serviceSymbol,
	statusColour,
	statusGroupOf,
	STATUS_GROUPS
} from '$lib/ops/symbols';
import { CASE_STATES } from '$lib/domain/cases';
import { CATEGORY_MAJORS } from '$lib/domain/categories';

describe('quantile breaks', () => {
	it('splits evenly spread values into equal classes', () => {
		expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8], 4)).toEqual([3, 5, 7]);
		const values = [8, 1, 7, 2, 6, 3, 5, 4];
		const counts = [0, 0, 0, 0];
		const breaks = quantileBreaks(values, 4);
		for (const v of values) counts[classOf(v, breaks)]!++;
		expect(counts).toEqual([2, 2, 2, 2]);
	});

	it('keeps ties in one class and never leaves the first class empty', () => {
		// The minimum swallows classes: it gets one of its own, the rest share the others.
		expect(quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2], 4)).toEqual([1, 2]);
		expect(quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2, 3], 3)).toEqual([1, 2]);
		expect(quantileBreaks([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8], 5)).toEqual([
			1, 3, 5, 7
		]);
		expect(quantileBreaks([0, 0, 0, 0, 1, 2, 3, 4], 4)).toEqual([1, 2, 3]);
		expect(quantileBreaks([5, 5, 5], 5)).toEqual([]);
		expect(quantileBreaks([], 5)).toEqual([]);
		expect(quantileBreaks([1, NaN, Infinity, 2], 2)).toEqual([2]);
	});

	it('gives ascending breaks with every class non-empty and sizes within one class of n/k', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }),
				fc.integer({ min: 1, max: 9 }),
				(values, k) => {
					const breaks = quantileBreaks(values, k);
					expect(breaks.length).toBeLessThanOrEqual(k - 1);
					for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]!);
					const counts = new Array<number>(breaks.length + 1).fill(0);
					for (const v of values) counts[classOf(v, breaks)]!++;
					for (const c of counts) expect(c).toBeGreaterThan(0);
					if (new Set(values).size === values.length) {
						for (const c of counts) expect(c).toBeLessThanOrEqual(Math.ceil(values.length / k) + 1);
					}
				}
			)
		);
	});

	it('classOf counts the breaks at or below the value', () => {
		expect(classOf(0, [1, 2])).toBe(0);
		expect(classOf(1, [1, 2])).toBe(1);
		expect(classOf(1.5, [1, 2])).toBe(1);
		expect(classOf(99, [1, 2])).toBe(2);
		expect(classOf(3, [])).toBe(0);
	});
});

describe('colour scales', () => {
	it('spreads a ramp light to dark', () => {
		expect(rampColours(2)).toEqual([SEQUENTIAL[0], SEQUENTIAL[6]]);
		expect(rampColours(7)).toEqual([...SEQUENTIAL]);
		expect(rampColours(1)).toHaveLength(1);
		expect(rampColours(0)).toEqual([]);
	});

	it('parses hex colours and refuses others', () => {
		expect(hexToRgba('#ff8000')).toEqual([255, 128, 0, 255]);
		expect(hexToRgba('#FF8000', 10)).toEqual([255, 128, 0, 10]);
		expect(() => hexToRgba('red')).toThrow(/#rrggbb/);
	});

	it('classifies with legend entries that cover min to max', () => {
		const c = classify([10, 20, 30, 40, 50], 5);
		expect(c.colours).toHaveLength(c.breaks.length + 1);
		expect(c.entries[0]!.from).toBe(10);
		expect(c.entries.at(-1)!.to).toBe(50);
		for (let i = 1; i < c.entries.length; i++) {
			expect(c.entries[i]!.from).toBe(c.entries[i - 1]!.to);
		}
		// The darkest colour for the largest value, the lightest for the smallest.
		expect(colourOf(50, c)).toEqual(hexToRgba(c.colours.at(-1)!, 200));
		expect(colourOf(10, c)).toEqual(hexToRgba(c.colours[0]!, 200));
		expect(colourOf(NaN, c)[3]).toBe(0);
		expect(classify([]).entries).toEqual([]);
	});
});

describe('symbols', () => {
	it('puts every case state in exactly one status group', () => {
		for (const s of CASE_STATES) {
			expect(STATUS_GROUPS.filter((g) => (g.states as readonly string[]).includes(s))).toHaveLength(
				1
			);
			expect(statusGroupOf(s)).not.toBeNull();
		}
		expect(statusColour('reported')).not.toBe(statusColour('closed'));
	});

	it('gives each major class its own colour', () => {
		const colours = CATEGORY_MAJORS.map((c) => categoryColour(c.code));
		expect(new Set(colours).size).toBe(colours.length);
		expect(categoryColour('10101')).toBe(categoryColour('101'));
		expect(incidentColour({ state: 'reported', category: '20101' }, 'category')).toEqual(
			hexToRgba(categoryColour('201'), 230)
		);
	});

	it('sizes by priority and count, colours sensors by severity', () => {
		expect(priorityRadius(1)).toBeGreaterThan(priorityRadius(2));
		expect(priorityRadius(2)).toBeGreaterThan(priorityRadius(3));
		expect(bubbleRadius(100)).toBeGreaterThan(bubbleRadius(10));
		expect(bubbleRadius(1e6)).toBe(28);
		expect(sensorColour({ status: 'active', alert: { severity: 'red' } })[0]).toBeGreaterThan(200);
		expect(sensorColour({ status: 'active', alert: null })).not.toEqual(
			sensorColour({ status: 'fault', alert: null })
		);
		expect(serviceSymbol('clinic').glyph).toBe('医');
		expect(serviceSymbol('bogus').glyph).toBe('·');
		const a = pulse(0);
		const b = pulse(900);
		expect(b.scale).toBeGreaterThan(a.scale);
		expect(b.alpha).toBeLessThan(a.alpha);
	});
});

describe('heatmap requests', () => {
	it('bins by about 16 pixels within 50–5000 m', async () => {
		const { heatCellMetres } = await import('$lib/ops/heat');
		expect(heatCellMetres(11, 36.65)).toBe(981);
		expect(heatCellMetres(3, 36.65)).toBe(5000);
		expect(heatCellMetres(19, 36.65)).toBe(50);
		expect(heatCellMetres(12, 36.65)).toBeLessThan(heatCellMetres(11, 36.65));
	});

	it('clips the view to the district and refuses disjoint boxes', async () => {
		const { heatBBox } = await import('$lib/ops/heat');
		expect(heatBBox([0, 0, 200, 80], [116.9, 36.6, 117.2, 36.75])).toEqual([
			116.9, 36.6, 117.2, 36.75
		]);
		expect(heatBBox([117.05, 36.65, 117.100001, 36.7], [116.9, 36.6, 117.2, 36.75])).toEqual([
			117.05, 36.65, 117.1001, 36.7
		]);
		expect(heatBBox([10, 10, 11, 11], [116.9, 36.6, 117.2, 36.75])).toBeNull();
	});

	it('decodes little-endian float triplets', async () => {
		const { decodeHeat } = await import('$lib/ops/heat');
		const buf = new ArrayBuffer(24);
		const dv = new DataView(buf);
		[117.5, 36.5, 3, 117.25, 36.75, 1].forEach((v, i) => dv.setFloat32(i * 4, v, true));
		expect([...decodeHeat(buf)]).toEqual([117.5, 36.5, 3, 117.25, 36.75, 1]);
		expect(() => decodeHeat(new ArrayBuffer(8))).toThrow(/n × 12/);
	});
});
