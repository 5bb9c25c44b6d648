/** The case map's geometry (src/lib/cases/geo.ts): a closed ring at the right radius, a box around the point. */
import { describe, expect, it } from 'vitest';
import { boxAround, circle } from '../../src/lib/cases/geo';

/** Haversine distance in metres. */
function metres(a: [number, number], b: [number, number]): number {
	const r = 6_371_008.8;
	const rad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * rad;
	const dLon = (b[0] - a[0]) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * r * Math.asin(Math.sqrt(h));
}

describe('case map geometry', () => {
	it('draws a closed ring whose every vertex is the radius away', () => {
		const centre: [number, number] = [117.03, 36.67];
		const ring = circle(centre[0], centre[1], 18).geometry.coordinates[0]!;
		expect(ring).toHaveLength(33);
		expect(ring[0]).toEqual(ring[32]);
		for (const p of ring) expect(metres(centre, p as [number, number])).toBeCloseTo(18, 0);
	});

	it('frames the point in a box the given distance on each side', () => {
		const [w, s, e, n] = boxAround(117.03, 36.67, 400);
		expect(w).toBeLessThan(117.03);
		expect(e).toBeGreaterThan(117.03);
		expect(metres([117.03, 36.67], [e, 36.67])).toBeCloseTo(400, -1);
		expect(metres([117.03, 36.67], [117.03, n])).toBeCloseTo(400, -1);
		expect(metres([117.03, 36.67], [w, 36.67])).toBeCloseTo(400, -1);
		expect(metres([117.03, 36.67], [117.03, s])).toBeCloseTo(400, -1);
	});
});
