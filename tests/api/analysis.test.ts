/**
 * The analysis and scenario endpoints over HTTP through the built app (tests/api/harness.ts):
 * who may call them, 400s that name the field and write nothing, the spopt reference through
 * POST /api/analysis/optimize, and a scenario round trip.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFingerprint, startApi, type Api } from './harness';

let api: Api;
let planner: string;
let leader: string;
let operator: string;

beforeAll(async () => {
	api = await startApi();
	[planner, leader, operator] = await Promise.all([
		api.login('demo-planner'),
		api.login('demo-leader'),
		api.login('demo-operator')
	]);
});

afterAll(async () => {
	await api?.close();
});

function sfMatrix(): { costs: number[][]; demand: number[] } {
	const text = readFileSync(
		new URL(
			'../fixtures/spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv',
			import.meta.url
		),
		'utf8'
	);
	const tracts = new Map<string, number>();
	const stores = new Map<string, number>();
	const demand: number[] = [];
	const cells: [number, number, number][] = [];
	for (const line of text.split(/\r?\n/).slice(1).filter(Boolean)) {
		const [d, store, tract, pop] = line.split(',');
		if (!tracts.has(tract!)) {
			tracts.set(tract!, tracts.size);
			demand.push(Number(pop));
		}
		if (!stores.has(store!)) stores.set(store!, stores.size);
		cells.push([tracts.get(tract!)!, stores.get(store!)!, Number(d)]);
	}
	const costs = Array.from({ length: tracts.size }, () => new Array<number>(stores.size).fill(0));
	for (const [i, j, d] of cells) costs[i]![j] = d;
	return { costs, demand };
}

describe('access', () => {
	it('anonymous → 401, operator → 403, planner and leader → 200', async () => {
		const url = '/api/analysis/coverage?service=meal&deserts=0&cells=0';
		expect((await api.request('GET', url)).status).toBe(401);
		expect((await api.request('GET', url, { cookie: operator })).status).toBe(403);
		expect((await api.request('GET', url, { cookie: planner })).status).toBe(200);
		expect((await api.request('GET', url, { cookie: leader })).status).toBe(200);
	});

	it('a leader may read but not save scenarios', async () => {
		const before = await dbFingerprint(api.db);
		const r = await api.request('POST', '/api/scenarios', {
			cookie: leader,
			sameOrigin: true,
			body: {
				name: 'x',
				serviceType: 'meal',
				params: { segment: 'all', radius: 500, detour: 1.3 },
				changes: {}
			}
		});
		expect(r.status).toBe(403);
		expect(await dbFingerprint(api.db)).toBe(before);
	});
});

describe('GET /api/analysis/coverage', () => {
	it('answers the contract; turf and postgis give identical totals', async () => {
		const get = async (engine: string) => {
			const r = await api.request(
				'GET',
				`/api/analysis/coverage?service=meal&segment=age60&radius=500&engine=${engine}`,
				{ cookie: planner }
			);
			expect(r.status).toBe(200);
			return r.json<{
				totals: { demand: number; covered: number; uncovered: number };
				bySubdistrict: unknown[];
				deserts: { type: string; features: { properties: { rank: number } }[] };
				cells: { id: number[]; covered: number[] };
			}>();
		};
		const [turf, pg] = await Promise.all([get('turf'), get('postgis')]);
		expect(turf.totals).toEqual(pg.totals);
		expect(turf.cells.covered).toEqual(pg.cells.covered);
		expect(turf.totals.demand).toBe(turf.totals.covered + turf.totals.uncovered);
		expect(turf.deserts.type).toBe('FeatureCollection');
		expect(turf.deserts.features[0]?.properties.rank).toBe(1);
		expect(turf.bySubdistrict.length).toBeGreaterThan(0);
	});

	it.each([
		['service=bakery', 'service'],
		['service=meal&segment=teen', 'segment'],
		['service=meal&radius=0', 'radius'],
		['service=meal&radius=NaN', 'radius'],
		['service=meal&radius=50001', 'radius']
	])('?%s → 400 naming %s', async (q, field) => {
		const r = await api.request('GET', `/api/analysis/coverage?${q}`, { cookie: planner });
		expect(r.status).toBe(400);
		expect(r.json<{ message: string }>().message).toMatch(new RegExp(`^${field}: `));
	});
});

describe('POST /api/analysis/optimize', () => {
	const sf = sfMatrix();
	const post = (body: unknown) =>
		api.request('POST', '/api/analysis/optimize', { cookie: planner, sameOrigin: true, body });

	it('spopt SF: MCLP p = 4, S = 5000 → 875,247 with columns [1, 7, 8, 11]', async () => {
		const r = await post({ model: 'mclp', ...sf, radius: 5000, p: 4 });
		expect(r.status).toBe(200);
		expect(r.json()).toMatchObject({
			status: 'optimal',
			objective: 875_247,
			selected: [1, 7, 8, 11],
			gap: 0
		});
	});

	it('spopt SF: LSCP → 8, p-median p = 4 → 2982.1268 m', async () => {
		const l = (await post({ model: 'lscp', ...sf, radius: 5000 })).json<{ objective: number }>();
		expect(l.objective).toBe(8);
		const pm = (await post({ model: 'pmedian', ...sf, p: 4 })).json<{
			objective: number;
			totalDemand: number;
		}>();
		expect(Math.abs(pm.objective / pm.totalDemand - 2982.1268579890657)).toBeLessThan(1e-4);
	});

	it.each([
		[{ model: 'mclp', costs: [[1, 2]], demand: [1], radius: 0, p: 1 }, 'radius'],
		[{ model: 'mclp', costs: [[1, 2]], demand: [1], radius: 10, p: 5 }, 'p'],
		[{ model: 'mclp', costs: [[1, 2], [1]], demand: [1, 1], radius: 10, p: 1 }, 'costs[1]'],
		[{ model: 'mclp', costs: [[1, -1]], demand: [1], radius: 10, p: 1 }, 'costs[0][1]'],
		[{ model: 'mclp', service: 'pizza', candidates: 'centroids', p: 1 }, 'service']
	])('%j → 400 naming %s, nothing written', async (body, field) => {
		const before = await dbFingerprint(api.db);
		const r = await post(body);
		expect(r.status).toBe(400);
		expect(r.json<{ message: string }>().message).toContain(`${field}:`);
		expect(await dbFingerprint(api.db)).toBe(before);
	});
});

describe('scenarios over HTTP', () => {
	it('POST, GET, PUT, compare, DELETE', async () => {
		const body = {
			name: '方案一',
			serviceType: 'meal',
			params: { segment: 'age60', radius: 500, detour: 1.3 },
			changes: { added: [{ id: 'c1', lon: 117.05, lat: 36.66 }] }
		};
		const opts = { cookie: planner, sameOrigin: true };
		const created = await api.request('POST', '/api/scenarios', { ...opts, body });
		expect(created.status).toBe(201);
		const id = created.json<{ scenario: { id: number } }>().scenario.id;
		const got = await api.request('GET', `/api/scenarios/${id}`, opts);
		expect(got.json<{ scenario: { name: string } }>().scenario.name).toBe('方案一');
		const put = await api.request('PUT', `/api/scenarios/${id}`, {
			...opts,
			body: { ...body, name: '方案二' }
		});
		expect(put.status).toBe(200);
		const cmp = await api.request('GET', `/api/scenarios/compare?a=${id}&b=${id}`, opts);
		expect(cmp.status).toBe(200);
		const del = await api.request('DELETE', `/api/scenarios/${id}`, {
			...opts,
			headers: { 'content-type': 'application/json' }
		});
		expect(del.status).toBe(204);
		expect((await api.request('GET', `/api/scenarios/${id}`, opts)).status).toBe(404);
	});

	it('only the owner or an admin may PUT or DELETE; other planners may list and GET (moved, removed and off kept)', async () => {
		const admin = await api.login('demo-admin');
		const body = {
			name: '管理员的方案',
			serviceType: 'meal',
			params: { segment: 'age60', radius: 500, detour: 1.3 },
			changes: {
				added: [{ id: 'c1', lon: 117.05, lat: 36.66 }],
				moved: [{ id: 1, lon: 117.04, lat: 36.65 }],
				removed: [2],
				off: [3]
			}
		};
		const created = await api.request('POST', '/api/scenarios', {
			cookie: admin,
			sameOrigin: true,
			body
		});
		expect(created.status).toBe(201);
		const id = created.json<{ scenario: { id: number } }>().scenario.id;
		const asPlanner = { cookie: planner, sameOrigin: true };
		const list = await api.request('GET', '/api/scenarios', asPlanner);
		expect(list.json<{ scenarios: { id: number }[] }>().scenarios.map((s) => s.id)).toContain(id);
		const got = await api.request('GET', `/api/scenarios/${id}`, asPlanner);
		expect(got.status).toBe(200);
		expect(got.json<{ scenario: { changes: unknown } }>().scenario.changes).toEqual(body.changes);

		const before = await dbFingerprint(api.db);
		const put = await api.request('PUT', `/api/scenarios/${id}`, {
			...asPlanner,
			body: { ...body, name: 'taken over' }
		});
		expect(put.status).toBe(403);
		expect(put.json<{ message: string }>().message).toBe(
			"Only the scenario's owner or an administrator may change or delete it"
		);
		const json = { 'content-type': 'application/json' };
		const del = await api.request('DELETE', `/api/scenarios/${id}`, {
			...asPlanner,
			headers: json
		});
		expect(del.status).toBe(403);
		expect(await dbFingerprint(api.db)).toBe(before);

		const mine = await api.request('PUT', `/api/scenarios/${id}`, {
			cookie: admin,
			sameOrigin: true,
			body: { ...body, name: '改名' }
		});
		expect(mine.status).toBe(200);
		const gone = await api.request('DELETE', `/api/scenarios/${id}`, {
			cookie: admin,
			sameOrigin: true,
			headers: json
		});
		expect(gone.status).toBe(204);
	});
});
