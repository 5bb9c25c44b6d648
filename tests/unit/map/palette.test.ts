import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import {
	AREA_PALETTE,
	adjacency,
	areaColourExpression,
	colourIndexes
} from '../../../src/lib/map/palette';

/** A grid of unit squares sharing their edges, like areas cut from one partition. */
function grid(cols: number, rows: number): FeatureCollection<Polygon, { code: string }> {
	const features: Feature<Polygon, { code: string }>[] = [];
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < cols; c++) {
			const x = 117 + c * 0.01;
			const y = 36.6 + r * 0.01;
			features.push({
				type: 'Feature',
				properties: { code: `${r}-${c}` },
				geometry: {
					type: 'Polygon',
					coordinates: [
						[
							[x, y],
							[x + 0.01, y],
							[x + 0.01, y + 0.01],
							[x, y + 0.01],
							[x, y]
						]
					]
				}
			});
		}
	}
	return { type: 'FeatureCollection', features };
}

describe('adjacency', () => {
	it('links areas that share a vertex, despite floating-point noise below 1e-6°', () => {
		const fc = grid(3, 1);
		const first = fc.features[0]?.geometry.coordinates[0];
		if (first?.[1]) first[1] = [117.0100000001, 36.6];
		const n = adjacency(fc.features, 'code');
		expect([...(n.get('0-0') ?? [])]).toEqual(['0-1']);
		expect([...(n.get('0-1') ?? [])].sort()).toEqual(['0-0', '0-2']);
	});

	it('lists areas without neighbours too', () => {
		const n = adjacency(grid(1, 1).features, 'code');
		expect(n.get('0-0')?.size).toBe(0);
	});
});

describe('colourIndexes', () => {
	it('never gives two neighbours the same colour when the palette suffices', () => {
		const fc = grid(4, 4);
		const n = adjacency(fc.features, 'code');
		const c = colourIndexes(n, AREA_PALETTE.length);
		for (const [id, ns] of n) for (const other of ns) expect(c.get(id)).not.toBe(c.get(other));
		expect(Math.max(...c.values())).toBeLessThan(AREA_PALETTE.length);
	});

	it('is deterministic whatever the input order', () => {
		const fc = grid(3, 3);
		const a = colourIndexes(adjacency(fc.features, 'code'), 8);
		const b = colourIndexes(adjacency([...fc.features].reverse(), 'code'), 8);
		expect([...a].sort()).toEqual([...b].sort());
	});

	it('wraps around a palette that is too small', () => {
		const c = colourIndexes(adjacency(grid(3, 3).features, 'code'), 2);
		expect([...c.values()].every((i) => i >= 0 && i < 2)).toBe(true);
	});
});

describe('areaColourExpression', () => {
	it('is a match on the id with a colour per area and a fallback', () => {
		const expr = areaColourExpression(grid(2, 1), 'code');
		expect(expr).toEqual([
			'match',
			['to-string', ['get', 'code']],
			'0-0',
			AREA_PALETTE[0],
			'0-1',
			AREA_PALETTE[1],
			AREA_PALETTE[0]
		]);
	});

	it('is a plain colour before the data arrives', () => {
		expect(areaColourExpression(null, 'code')).toBe(AREA_PALETTE[0]);
	});
});
