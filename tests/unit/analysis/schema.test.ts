import { describe, expect, it } from 'vitest';
import { MAX_MATRIX_CELLS, parseOptimizeRequest } from '$lib/analysis/optimize';

const costs = [
	[100, 2000, 300],
	[800, 50, 4000]
];
const ok = { model: 'mclp', costs, demand: [10, 20], radius: 500, p: 2 };

function errors(body: unknown): string[] {
	const r = parseOptimizeRequest(body);
	return r.ok ? [] : r.errors;
}

describe('parseOptimizeRequest accepts', () => {
	it('a cost-matrix problem', () => {
		expect(parseOptimizeRequest({ ...ok, fixed: [0], p: 1, timeLimitSeconds: 5 })).toEqual({
			ok: true,
			value: {
				problem: { model: 'mclp', costs, demand: [10, 20], radius: 500, p: 1, fixed: [0] },
				timeLimitSeconds: 5
			}
		});
	});

	it('coordinates, turned into a haversine × detour cost matrix', () => {
		const r = parseOptimizeRequest({
			model: 'pmedian',
			p: 1,
			detour: 1,
			demandPoints: [{ lon: 0, lat: 0, weight: 3 }],
			candidates: [
				{ lon: 0.001, lat: 0 },
				{ lon: 0, lat: 0 }
			]
		});
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value.problem.demand).toEqual([3]);
		expect(r.value.problem.costs[0]![0]).toBeCloseTo(111.19508, 4);
		expect(r.value.problem.costs[0]![1]).toBe(0);
	});

	it('LSCP with a target and no p', () => {
		const r = parseOptimizeRequest({
			model: 'lscp',
			costs,
			demand: [1, 1],
			radius: 500,
			target: 0.5
		});
		expect(r).toMatchObject({ ok: true, value: { problem: { model: 'lscp', target: 0.5 } } });
	});
});

describe('parseOptimizeRequest rejects, naming the field', () => {
	it.each([
		[{ ...ok, radius: 0 }, 'radius: must be greater than 0'],
		[{ ...ok, radius: -5 }, 'radius: must be greater than 0'],
		[{ ...ok, radius: NaN }, 'radius: must be a finite number of metres'],
		[{ ...ok, radius: Infinity }, 'radius: must be a finite number of metres'],
		[{ ...ok, radius: 50_001 }, 'radius: must be at most 50000 m'],
		[{ ...ok, radius: '500' }, 'radius: must be a finite number of metres'],
		[{ ...ok, p: 4 }, 'p: is 4 but there are only 3 candidates'],
		[{ ...ok, p: 3, fixed: [1] }, 'p: is 3 but only 2 of the 3 candidates are not fixed'],
		[{ ...ok, p: 0 }, 'p: must be at least 1'],
		[{ ...ok, p: 1.5 }, 'p: must be a whole number'],
		[{ ...ok, costs: [[], []] }, 'costs: has no candidate columns (no candidates)'],
		[{ ...ok, costs: [], demand: [] }, 'costs: has no rows (one per demand point)'],
		[
			{
				...ok,
				costs: [
					[1, 2, 3],
					[1, 2]
				]
			},
			'costs[1]: has 2 entries, expected 3 (one per candidate)'
		],
		[
			{
				...ok,
				costs: [
					[1, -2, 3],
					[1, 2, 3]
				]
			},
			'costs[0][1]: must be a finite number >= 0 (metres)'
		],
		[
			{
				...ok,
				costs: [
					[1, NaN, 3],
					[1, 2, 3]
				]
			},
			'costs[0][1]: must be a finite number >= 0 (metres)'
		],
		[
			{
				...ok,
				costs: [
					[1, 2, Infinity],
					[1, 2, 3]
				]
			},
			'costs[0][2]: must be a finite number >= 0 (metres)'
		],
		[{ ...ok, demand: [1] }, 'demand: has 1 entries, expected 2 (one per row of costs)'],
		[{ ...ok, demand: [1, -1] }, 'demand[1]: must be a finite number >= 0'],
		[{ ...ok, model: 'pcenter' }, 'model: must be one of "mclp", "lscp", "pmedian"'],
		[{ ...ok, model: undefined }, 'model: must be one of "mclp", "lscp", "pmedian"'],
		[{ ...ok, fixed: [3] }, 'fixed[0]: 3 is not a candidate index (0 to 2)'],
		[{ ...ok, fixed: [-1] }, 'fixed[0]: -1 is not a candidate index (0 to 2)'],
		[{ ...ok, fixed: [1, 1], p: 1 }, 'fixed[1]: column 1 is listed twice'],
		[{ ...ok, radius: undefined }, 'radius: is required for mclp'],
		[{ ...ok, p: undefined }, 'p: is required for mclp'],
		[{ ...ok, target: 0.5 }, 'target: only applies to model "lscp"'],
		[
			{ model: 'lscp', costs, demand: [1, 1], radius: 500, target: 1.5 },
			'target: must be in (0, 1]'
		],
		[{ ...ok, raduis: 500 }, 'body: unknown field "raduis"'],
		[{ ...ok, demand: undefined }, 'demand: is required with costs'],
		[
			{ model: 'mclp', radius: 500, p: 1 },
			'body: give costs + demand, or demandPoints + candidates'
		],
		[
			{ ...ok, candidates: [{ lon: 0, lat: 0 }] },
			'body: give either costs + demand, or demandPoints + candidates, not both'
		],
		[
			{
				model: 'mclp',
				radius: 500,
				p: 1,
				demandPoints: [{ lon: 0, lat: 0, weight: 1 }],
				candidates: []
			},
			'candidates: there are no candidate sites'
		],
		[
			{
				model: 'mclp',
				radius: 500,
				p: 1,
				demandPoints: [{ lon: 0, lat: 95, weight: 1 }],
				candidates: [{ lon: 0, lat: 0 }]
			},
			'demandPoints[0].lat: must be in [-90, 90]'
		],
		[{ ...ok, timeLimitSeconds: 0 }, 'timeLimitSeconds: must be greater than 0'],
		[null, 'body: must be a JSON object']
	])('%j', (body, message) => {
		expect(errors(body)).toContain(message);
	});

	it('rejects matrices over the size limit', () => {
		const rows = MAX_MATRIX_CELLS / 1000 + 1;
		const big = {
			...ok,
			costs: Array.from({ length: rows }, () => new Array<number>(1000).fill(1)),
			demand: new Array<number>(rows).fill(1)
		};
		expect(errors(big)).toEqual([
			`costs: ${rows} × 1000 = ${rows * 1000} distances is more than the limit of ${MAX_MATRIX_CELLS}`
		]);
	});

	it('reports several problems at once, and caps the list', () => {
		expect(errors({ ...ok, radius: 0, p: 0 })).toEqual([
			'radius: must be greater than 0',
			'p: must be at least 1'
		]);
		const many = errors({
			...ok,
			costs: [new Array<number>(50).fill(-1), new Array<number>(50).fill(1)]
		});
		expect(many).toHaveLength(21);
		expect(many.at(-1)).toBe('… and 30 more errors');
	});
});
