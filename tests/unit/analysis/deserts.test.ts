import area from '@turf/area';
import union from '@turf/union';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DesertIndex, findDeserts, type DesertOptions } from '$lib/analysis/deserts';
import { brickLattice, ringProblems, seeded } from './helpers';

const dir = new URL('../../fixtures/geojson/', import.meta.url);
type Cells = FeatureCollection<Polygon | MultiPolygon> & { properties?: Record<string, unknown> };

function load(name: string): Cells {
	return JSON.parse(readFileSync(new URL(`in/${name}`, dir), 'utf8')) as Cells;
}

/** Options live in the input's `properties`; an `uncovered` list becomes a Set. */
function optionsOf(input: Cells): DesertOptions {
	const { uncovered, ...rest } = input.properties ?? {};
	return {
		...(rest as DesertOptions),
		...(Array.isArray(uncovered) && { uncovered: new Set(uncovered as string[]) })
	};
}

function run(name: string) {
	const input = load(name);
	return findDeserts(input, optionsOf(input));
}

/** Rings of a geometry as [outer, holes][] . */
function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
	return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

describe('findDeserts golden fixtures (REGEN=1 rewrites tests/fixtures/geojson/out)', () => {
	const names = readdirSync(new URL('in/', dir)).filter((f) => f.startsWith('deserts-'));

	it('has fixtures', () => {
		expect(names.length).toBeGreaterThanOrEqual(7);
	});

	for (const name of names) {
		it(name, () => {
			const out = run(name);
			const file = new URL(`out/${name}`, dir);
			if (process.env['REGEN']) writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
			expect(out).toEqual(JSON.parse(readFileSync(file, 'utf8')));
		});
	}
});

describe('findDeserts, hand-checked', () => {
	const cellArea = (name: string, ids: string[]): number =>
		load(name)
			.features.filter((f) => ids.includes(String(f.id)))
			.reduce((s, f) => s + area(f), 0);

	it('grid: ranks by uncovered demand; a corner contact joins two cells', () => {
		const out = run('deserts-grid.geojson');
		expect(out.features.map((f) => f.properties)).toEqual([
			{
				rank: 1,
				demand: 65,
				areaM2: Math.round(cellArea('deserts-grid.geojson', ['g3-2', 'g4-1'])),
				cells: 2
			},
			{
				rank: 2,
				demand: 60,
				areaM2: Math.round(cellArea('deserts-grid.geojson', ['g0-3', 'g1-3', 'g0-2'])),
				cells: 3
			},
			{
				rank: 3,
				demand: 5,
				areaM2: Math.round(cellArea('deserts-grid.geojson', ['g1-0'])),
				cells: 1
			}
		]);
		// Two squares touching at a corner stay two polygons of one desert.
		expect(out.features[0]!.geometry.type).toBe('MultiPolygon');
		// The L of three cells is one hexagon, outer ring counter-clockwise, from its lowest-left vertex.
		expect(out.features[1]!.geometry).toEqual({
			type: 'Polygon',
			coordinates: [
				[
					[116.3, 39.902],
					[116.301, 39.902],
					[116.301, 39.903],
					[116.302, 39.903],
					[116.302, 39.904],
					[116.3, 39.904],
					[116.3, 39.902]
				]
			]
		});
		expect(out.features[0]!.properties.areaM2).toBeGreaterThan(18_900);
		expect(out.features[0]!.properties.areaM2).toBeLessThan(19_000);
	});

	it('min-demand: drops small deserts', () => {
		expect(run('deserts-min-demand.geojson').features.map((f) => f.properties.demand)).toEqual([
			65, 60
		]);
	});

	it('hole: a ring of cells around a covered one has a hole', () => {
		const [d, ...rest] = run('deserts-hole.geojson').features;
		expect(rest).toEqual([]);
		expect(d!.properties).toMatchObject({ demand: 8, cells: 8 });
		const [outer, hole] = polygonsOf(d!.geometry)[0]!;
		expect(outer).toHaveLength(5);
		expect(hole).toEqual([
			[116.301, 39.901],
			[116.301, 39.902],
			[116.302, 39.902],
			[116.302, 39.901],
			[116.301, 39.901]
		]);
	});

	it('pinched holes: two holes touching at a corner become two simple rings', () => {
		const [d] = run('deserts-pinched-holes.geojson').features;
		const polys = polygonsOf(d!.geometry);
		expect(polys).toHaveLength(1);
		expect(polys[0]!.slice(1).map((h) => h.length)).toEqual([5, 5]);
		expect(d!.properties.cells).toBe(14);
	});

	it('t-junction: cells meeting corner-to-side are merged (by edge cancelling)', () => {
		const [d, ...rest] = run('deserts-t-junction.geojson').features;
		expect(rest).toEqual([]);
		expect(d!.properties).toMatchObject({ demand: 19, cells: 3 });
		expect(d!.geometry).toEqual({
			type: 'Polygon',
			coordinates: [
				[
					[116.3, 39.9],
					[116.303, 39.9],
					[116.303, 39.902],
					[116.3, 39.902],
					[116.3, 39.9]
				]
			]
		});
	});

	it('float-noise-slivers: neighbours whose shared edge differs in the last bits still merge', () => {
		const [d, ...rest] = run('deserts-float-noise-slivers.geojson').features;
		expect(rest).toEqual([]);
		expect(d!.geometry.type).toBe('Polygon');
		expect(polygonsOf(d!.geometry)[0]).toHaveLength(1);
		expect(polygonsOf(d!.geometry)[0]![0]).toHaveLength(5);
	});

	it('multipolygon-cell: a cell in two parts, joined through its neighbour', () => {
		const [d, ...rest] = run('deserts-multipolygon-cell.geojson').features;
		expect(rest).toEqual([]);
		expect(d!.properties).toMatchObject({ demand: 10, cells: 2 });
		expect(polygonsOf(d!.geometry)).toHaveLength(1);
	});
});

describe('findDeserts against @turf/union on random grids', () => {
	const size = 8;
	const d = 0.001;
	const cellsOf = (mask: boolean[]): Feature<Polygon>[] =>
		mask.map((uncovered, k) => {
			const x = 116.3 + (k % size) * d;
			const y = 39.9 + Math.floor(k / size) * d;
			return {
				type: 'Feature',
				id: k,
				properties: { demand: 1 + (k % 3), uncovered },
				geometry: {
					type: 'Polygon',
					coordinates: [
						[
							[x, y],
							[x + d, y],
							[x + d, y + d],
							[x, y + d],
							[x, y]
						]
					]
				}
			};
		});

	/** Components under 8-connectivity (edges and corners), the reference for contiguity. */
	function components(mask: boolean[]): number {
		const seen = new Set<number>();
		let count = 0;
		mask.forEach((on, k) => {
			if (!on || seen.has(k)) return;
			count++;
			const stack = [k];
			seen.add(k);
			while (stack.length > 0) {
				const c = stack.pop()!;
				for (let dx = -1; dx <= 1; dx++) {
					for (let dy = -1; dy <= 1; dy++) {
						const x = (c % size) + dx;
						const y = Math.floor(c / size) + dy;
						const n = y * size + x;
						if (x < 0 || y < 0 || x >= size || y >= size || !mask[n] || seen.has(n)) continue;
						seen.add(n);
						stack.push(n);
					}
				}
			}
		});
		return count;
	}

	it('same components, cells, demand and area', () => {
		fc.assert(
			fc.property(
				fc.array(fc.boolean(), { minLength: size * size, maxLength: size * size }),
				(mask) => {
					const cells = cellsOf(mask);
					const out = findDeserts(cells);
					const picked = cells.filter((c) => c.properties!['uncovered']);
					expect(out.features).toHaveLength(components(mask));
					expect(out.features.reduce((s, f) => s + f.properties.cells, 0)).toBe(picked.length);
					expect(out.features.reduce((s, f) => s + f.properties.demand, 0)).toBe(
						picked.reduce((s, c) => s + (c.properties!['demand'] as number), 0)
					);
					const ranks = out.features.map((f) => f.properties.demand);
					expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
					if (picked.length === 0) return;
					const merged = union({ type: 'FeatureCollection', features: picked });
					const ours = out.features.reduce((s, f) => s + area(f), 0);
					expect(Math.abs(ours - area(merged!))).toBeLessThan(1e-6 * area(merged!));
					// Every ring is simple: no vertex repeats except the closing one.
					for (const f of out.features) {
						for (const poly of polygonsOf(f.geometry)) {
							for (const ring of poly) {
								const keys = ring.slice(0, -1).map((p) => p.join());
								expect(new Set(keys).size).toBe(keys.length);
							}
						}
					}
				}
			),
			{ numRuns: 60 }
		);
	});
});

describe('DesertIndex: T-junctions merge by edge cancelling, exactly', () => {
	const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

	/** Checks one run against the cells: no fallback, areas add up, valid rings, same as Turf. */
	function check(cells: Feature<Polygon | MultiPolygon>[], on: (k: number) => boolean): number {
		const index = new DesertIndex(cells.map((c) => c.geometry));
		const demand = cells.map((c) => (c.properties!['demand'] as number) ?? 0);
		const { deserts, stats } = index.find(on, demand);
		expect(stats.fallbacks).toBe(0);
		expect(stats.fastPath).toBe(deserts.features.length);
		const picked = cells.filter((_, k) => on(k));
		expect(deserts.features.reduce((s, f) => s + f.properties.cells, 0)).toBe(picked.length);
		deserts.features.forEach((f, k) => {
			const members = stats.members[k]!;
			expect(members).toHaveLength(f.properties.cells);
			// (b) each desert's area is the sum of its member cells' areas …
			const sum = members.reduce((s, m) => s + area(cells[m]!), 0);
			expect(relErr(area(f), sum)).toBeLessThan(1e-7);
			// … and the same as @turf/union of the members.
			const merged =
				members.length === 1
					? cells[members[0]!]!
					: union({
							type: 'FeatureCollection',
							features: members.map((m) => cells[m]! as Feature<Polygon>)
						});
			expect(relErr(area(f), area(merged!))).toBeLessThan(1e-7);
			// (c) valid rings.
			expect(ringProblems(f.geometry)).toEqual([]);
		});
		return deserts.features.length;
	}

	it('the t-junction fixture takes the fast path', () => {
		const input = load('deserts-t-junction.geojson');
		const index = new DesertIndex(input.features.map((f) => f.geometry));
		const { stats } = index.find(() => true, [12, 3, 4]);
		expect(stats).toMatchObject({ components: 1, fastPath: 1, fallbacks: 0 });
	});

	it('a whole brick lattice (T-junctions on every row) becomes one rectangle', () => {
		const cells = brickLattice(12, 9, 0.002);
		const index = new DesertIndex(cells.map((c) => c.geometry));
		const { deserts, stats } = index.find(
			() => true,
			cells.map((c) => c.properties.demand)
		);
		expect(stats.fallbacks).toBe(0);
		expect(deserts.features).toHaveLength(1);
		const g = deserts.features[0]!.geometry;
		expect(g.type).toBe('Polygon');
		// Collinear T-junction vertices are dropped again: four corners and the closing one.
		expect((g as Polygon).coordinates).toHaveLength(1);
		expect((g as Polygon).coordinates[0]).toHaveLength(5);
	});

	it('random masks on a brick lattice, with holes: same as @turf/union, no fallback', () => {
		const cells = brickLattice(10, 9, 0.002);
		let withHoles = 0;
		for (let seed = 1; seed <= 25; seed++) {
			const rnd = seeded(seed);
			const mask = cells.map(() => rnd() < 0.7);
			const found = check(cells, (k) => mask[k]!);
			expect(found).toBeGreaterThan(0);
			const index = new DesertIndex(cells.map((c) => c.geometry));
			const { deserts } = index.find(
				(k) => mask[k]!,
				cells.map((c) => c.properties.demand)
			);
			for (const f of deserts.features) {
				const polys =
					f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
				if (polys.some((p) => p.length > 1)) withHoles++;
			}
		}
		// The masks are dense enough that some deserts enclose covered cells.
		expect(withHoles).toBeGreaterThan(0);
	});

	it('a covered T-junction neighbour adds no vertex to an uncovered cell', () => {
		const input = load('deserts-t-junction.geojson');
		const index = new DesertIndex(input.features.map((f) => f.geometry));
		const { deserts } = index.find((k) => k === 0, [12, 3, 4]);
		expect(deserts.features[0]!.geometry.coordinates[0]).toHaveLength(5);
	});

	it('overlapping cells still go through @turf/union', () => {
		const sq = (x: number, y: number, s: number): Polygon => ({
			type: 'Polygon',
			coordinates: [
				[
					[x, y],
					[x + s, y],
					[x + s, y + s],
					[x, y + s],
					[x, y]
				]
			]
		});
		// A small square inside a big one, touching its lower side at a T-junction.
		const index = new DesertIndex([sq(116.3, 39.9, 0.002), sq(116.3005, 39.9, 0.001)]);
		const { deserts, stats } = index.find(() => true, [1, 1]);
		expect(stats.fallbacks).toBe(1);
		expect(deserts.features).toHaveLength(1);
		expect(
			relErr(
				area(deserts.features[0]!),
				area({ type: 'Feature', properties: {}, geometry: sq(116.3, 39.9, 0.002) })
			)
		).toBeLessThan(1e-9);
	});
});
