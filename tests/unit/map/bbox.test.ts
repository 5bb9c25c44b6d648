import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { bboxOf, fitPadding, isValidBBox, unionBBox } from '../../../src/lib/map/bbox';

const square = (x: number, y: number, d: number) => [
	[
		[x, y],
		[x + d, y],
		[x + d, y + d],
		[x, y + d],
		[x, y]
	]
];

describe('bboxOf', () => {
	it('spans every part of every feature, multipolygons and lines included', () => {
		const fc: FeatureCollection = {
			type: 'FeatureCollection',
			features: [
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'MultiPolygon',
						coordinates: [square(117, 36.6, 0.01), square(117.1, 36.7, 0.02)]
					}
				},
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'LineString',
						coordinates: [
							[116.99, 36.65],
							[117.05, 36.65]
						]
					}
				},
				{
					type: 'Feature',
					properties: {},
					geometry: { type: 'Point', coordinates: [117.05, 36.59] }
				}
			]
		};
		const b = bboxOf(fc);
		[116.99, 36.59, 117.12, 36.72].forEach((v, i) => expect(b?.[i]).toBeCloseTo(v, 12));
	});

	it('reads geometry collections and bare geometries', () => {
		expect(
			bboxOf({
				type: 'GeometryCollection',
				geometries: [
					{ type: 'Point', coordinates: [1, 2] },
					{ type: 'MultiPoint', coordinates: [[-3, 4]] },
					{ type: 'MultiLineString', coordinates: [[[5, -6]]] }
				]
			})
		).toEqual([-3, -6, 5, 4]);
	});

	it('is null for nothing to measure, and skips non-finite coordinates', () => {
		expect(bboxOf(null)).toBeNull();
		expect(bboxOf({ type: 'FeatureCollection', features: [] })).toBeNull();
		expect(bboxOf({ type: 'Feature', properties: {}, geometry: null as never })).toBeNull();
		expect(
			bboxOf({
				type: 'MultiPoint',
				coordinates: [
					[NaN, 1],
					[2, Infinity],
					[3, 4]
				]
			})
		).toEqual([3, 4, 3, 4]);
	});
});

describe('unionBBox', () => {
	it('holds all boxes and ignores missing ones', () => {
		expect(unionBBox([0, 0, 1, 1], null, [-1, 0.5, 0.5, 2])).toEqual([-1, 0, 1, 2]);
		expect(unionBBox(undefined, null)).toBeNull();
	});

	it('does not alias its input', () => {
		const a: [number, number, number, number] = [0, 0, 1, 1];
		const u = unionBBox(a);
		expect(u).toEqual(a);
		expect(u).not.toBe(a);
	});
});

describe('fitPadding', () => {
	it('keeps a margin of 5 % of the shorter side, clamped to 12–48 px', () => {
		expect(fitPadding({ width: 1000, height: 600 })).toEqual({
			top: 30,
			right: 30,
			bottom: 30,
			left: 30
		});
		expect(fitPadding({ width: 200, height: 150 }).top).toBe(12);
		expect(fitPadding({ width: 3000, height: 2000 }).top).toBe(48);
	});

	it('keeps floating panels clear on a wide map', () => {
		expect(fitPadding({ width: 1000, height: 600 }, { left: 280 })).toEqual({
			top: 30,
			right: 30,
			bottom: 30,
			left: 310
		});
	});

	it('ignores a panel that would squeeze the district into less than half the map', () => {
		// A phone: the legend is 260 px of a 375 px screen.
		expect(fitPadding({ width: 375, height: 600 }, { left: 260, top: 40 })).toEqual({
			top: 59,
			right: 19,
			bottom: 19,
			left: 19
		});
	});
});

describe('isValidBBox', () => {
	it('accepts a real box and rejects inverted, out-of-range or non-finite ones', () => {
		expect(isValidBBox([117, 36.6, 117.2, 36.7])).toBe(true);
		expect(isValidBBox([117.2, 36.6, 117, 36.7])).toBe(false);
		expect(isValidBBox([-181, 0, 0, 1])).toBe(false);
		expect(isValidBBox([0, 0, NaN, 1])).toBe(false);
		expect(isValidBBox([0, 0, 1])).toBe(false);
		expect(isValidBBox(null)).toBe(false);
	});
});
