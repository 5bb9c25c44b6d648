import distance from '@turf/distance';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	expandBox,
	haversineM,
	radiusToWalkMetres,
	resolveDistanceModel,
	walkMetresToUnit
} from '$lib/analysis/geo';
import { DEFAULT_RADIUS_M, SEGMENTS, SERVICE_TYPES } from '$lib/analysis/coverage';
import { M_PER_DEG_EQ } from './helpers';

describe('haversineM', () => {
	it('is R × Δλ along the equator', () => {
		expect(haversineM(0, 0, 0.001, 0)).toBeCloseTo(0.001 * M_PER_DEG_EQ, 9);
		expect(haversineM(0, 0, 0.001, 0)).toBeCloseTo(111.19508, 4);
	});

	it('agrees with @turf/distance anywhere in China', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 73, max: 135, noNaN: true }),
				fc.double({ min: 18, max: 54, noNaN: true }),
				fc.double({ min: -0.5, max: 0.5, noNaN: true }),
				fc.double({ min: -0.5, max: 0.5, noNaN: true }),
				(lon, lat, dlon, dlat) => {
					const turf = distance([lon, lat], [lon + dlon, lat + dlat], { units: 'meters' });
					expect(haversineM(lon, lat, lon + dlon, lat + dlat)).toBeCloseTo(turf, 6);
				}
			)
		);
	});
});

describe('expandBox', () => {
	it('contains every point within the distance', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 100, max: 130, noNaN: true }),
				fc.double({ min: 20, max: 50, noNaN: true }),
				fc.double({ min: 1, max: 5000, noNaN: true }),
				fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
				(lon, lat, metres, bearing) => {
					// A point at `metres` in direction `bearing` (small-distance spherical offset).
					const dLat = ((metres * Math.cos(bearing)) / 6371008.8) * (180 / Math.PI) * 0.999;
					const dLon =
						(((metres * Math.sin(bearing)) / 6371008.8) * (180 / Math.PI) * 0.999) /
						Math.cos(((lat + dLat) * Math.PI) / 180);
					const [a, b, c, d] = expandBox(lon, lat, lon, lat, metres);
					expect(haversineM(lon, lat, lon + dLon, lat + dLat)).toBeLessThanOrEqual(metres);
					expect(lon + dLon).toBeGreaterThanOrEqual(a);
					expect(lon + dLon).toBeLessThanOrEqual(c);
					expect(lat + dLat).toBeGreaterThanOrEqual(b);
					expect(lat + dLat).toBeLessThanOrEqual(d);
				}
			)
		);
	});
});

describe('distance models', () => {
	it('defaults to walking metres with detour 1.3', () => {
		expect(resolveDistanceModel()).toEqual({ unit: 'm', detour: 1.3, speedMPerMin: 1000 / 15 });
		expect(radiusToWalkMetres(500)).toBe(500);
	});

	it('converts walking minutes at a speed', () => {
		const model = { unit: 'min', speedMPerMin: 60 } as const;
		expect(radiusToWalkMetres(10, model)).toBe(600);
		expect(walkMetresToUnit(600, model)).toBe(10);
		// 15 minutes at the default speed is the 1 km community life circle.
		expect(radiusToWalkMetres(15, { unit: 'min' })).toBeCloseTo(1000, 9);
	});

	it('rejects a detour below 1 and a bad radius', () => {
		expect(() => resolveDistanceModel({ unit: 'm', detour: 0.9 })).toThrow(/detour/);
		expect(() => radiusToWalkMetres(-1)).toThrow(/radius/);
		expect(() => radiusToWalkMetres(NaN)).toThrow(/radius/);
	});
});

describe('service constants', () => {
	it('has one default radius per service type', () => {
		expect(Object.keys(DEFAULT_RADIUS_M).sort()).toEqual([...SERVICE_TYPES].sort());
		expect(DEFAULT_RADIUS_M).toEqual({
			meal: 500,
			daycare: 600,
			clinic: 1000,
			station: 1000,
			police: 1500
		});
		expect(SEGMENTS).toEqual(['all', 'age60', 'age80', 'alone']);
	});
});
