/**
 * The planner's analysis services on the seeded demo (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): the in-memory engine agrees with the PostGIS oracle cell by cell, bad input
 * is refused with a typed 400 and writes nothing, scenarios round-trip, and the spopt San
 * Francisco reference goes through the same POST /api/analysis/optimize handler the app uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { ANONYMOUS } from '../../src/lib/domain/actor';
import { PermissionError } from '../../src/lib/domain/permissions';
import { DEFAULT_RADIUS_M, SERVICE_TYPES } from '../../src/lib/analysis';
import { coverage } from '../../src/lib/server/analysis/coverage';
import { accessibility } from '../../src/lib/server/analysis/accessibility';
import { analysisData } from '../../src/lib/server/analysis/data';
import { AnalysisInputError } from '../../src/lib/server/analysis/errors';
import { optimize } from '../../src/lib/server/analysis/optimize';
import { parseCoverageQuery } from '../../src/lib/server/analysis/params';
import {
	compareScenarios,
	createScenario,
	deleteScenario,
	getScenario,
	listScenarios,
	updateScenario
} from '../../src/lib/server/analysis/scenarios';
import { loadConfig } from '../../src/lib/server/config';
import { POST as optimizeRoute } from '../../src/routes/api/analysis/optimize/+server';
import { parseSse } from '../../src/lib/planner/sse';
import { loadSf, sweepTable } from '../fixtures/spopt-sf';
import { createUser } from '../../src/lib/server/auth/users';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { testDb, type TestDb } from '../setup/test-db';

const planner: Actor = { role: 'planner', scope: 'all', userId: null, username: 'planner-test' };
const operator: Actor = { role: 'operator', scope: 'all', userId: null, username: 'op-test' };

let db: TestDb;

beforeAll(async () => {
	db = await testDb();
});

afterAll(async () => {
	await db?.close();
});

const query = (q: string) => parseCoverageQuery(new URLSearchParams(q));

describe('coverage: the engine agrees with PostGIS', () => {
	it.each(SERVICE_TYPES.map((s) => [s]))(
		'%s at its default radius: same covered flag per cell, identical totals',
		async (service) => {
			const radius = DEFAULT_RADIUS_M[service];
			for (const segment of ['all', 'age60'] as const) {
				const q = `service=${service}&segment=${segment}`;
				const turf = await coverage(db, planner, query(`${q}&engine=turf&deserts=0`));
				const pg = await coverage(db, planner, query(`${q}&engine=postgis&deserts=0`));
				expect(turf.cells!.id).toEqual(pg.cells!.id);
				expect(turf.cells!.id.length).toBeGreaterThan(50);
				let differ = 0;
				turf.cells!.id.forEach((_, k) => {
					if (turf.cells!.covered[k] === pg.cells!.covered[k]) return;
					// Only a cell whose nearest point lies within 1 m of the radius may differ.
					const d = turf.cells!.distance[k] ?? pg.cells!.distance[k]!;
					expect(Math.abs(d - radius)).toBeLessThanOrEqual(1);
					differ++;
				});
				expect(differ).toBe(0);
				// Distances agree too (sphere vs haversine: well under a millimetre).
				turf.cells!.distance.forEach((d, k) => {
					if (d !== null) expect(Math.abs(d - pg.cells!.distance[k]!)).toBeLessThan(0.2);
				});
				expect(turf.totals).toEqual(pg.totals);
				expect(turf.bySubdistrict).toEqual(pg.bySubdistrict);
				expect(Number.isInteger(turf.totals.covered)).toBe(true);
				expect(turf.totals.demand).toBe(turf.totals.covered + turf.totals.uncovered);
			}
		}
	);

	it('ranks deserts by uncovered demand and their demand adds up to the uncovered total', async () => {
		const r = await coverage(db, planner, query('service=meal&segment=age60'));
		const f = r.deserts.features;
		expect(f.length).toBeGreaterThan(0);
		expect(f.map((d) => d.properties.rank)).toEqual(f.map((_, k) => k + 1));
		for (let k = 1; k < f.length; k++) {
			expect(f[k - 1]!.properties.demand).toBeGreaterThanOrEqual(f[k]!.properties.demand);
		}
		expect(f.reduce((s, d) => s + d.properties.demand, 0)).toBe(r.totals.uncovered);
		expect(r.bySubdistrict.reduce((s, a) => s + a.demand, 0)).toBe(r.totals.demand);
		expect(r.points.length).toBeGreaterThan(0);
	});

	it('a scoped planner sees only the cells of their subdistricts', async () => {
		const data = await analysisData(db);
		const code = data.cells[0]!.subdistrict;
		const scoped: Actor = { ...planner, scope: [code] };
		const r = await coverage(db, scoped, query('service=meal&engine=postgis&deserts=0'));
		const t = await coverage(db, scoped, query('service=meal&engine=turf&deserts=0'));
		expect(r.bySubdistrict.map((a) => a.code)).toEqual([code]);
		expect(t.totals).toEqual(r.totals);
	});

	it('refuses actors without analysis.run', async () => {
		await expect(coverage(db, operator, query('service=meal'))).rejects.toBeInstanceOf(
			PermissionError
		);
		await expect(coverage(db, ANONYMOUS, query('service=meal'))).rejects.toMatchObject({
			status: 401
		});
	});
});

describe('bad input → AnalysisInputError (400)', () => {
	it.each([
		['service=bakery', /service: must be one of/],
		['service=meal&segment=teen', /segment: must be one of/],
		['service=meal&radius=0', /radius: must be greater than 0/],
		['service=meal&radius=-5', /radius: must be greater than 0/],
		['service=meal&radius=NaN', /radius: must be a number/],
		['service=meal&radius=50001', /radius: must be at most 50000 m/],
		['service=meal&radius=', /radius: must be a number/],
		['service=meal&engine=oracle', /engine: must be/],
		['service=meal&colour=red', /colour: unknown parameter/],
		['segment=all', /service: must be one of/]
	])('coverage ?%s', (q, message) => {
		let err: unknown;
		try {
			query(q);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(AnalysisInputError);
		expect((err as AnalysisInputError).status).toBe(400);
		expect((err as Error).message).toMatch(message);
	});

	it.each([
		[{ model: 'mclp', costs: [[1, 2]], demand: [1], radius: 0, p: 1 }, /radius: must be greater/],
		[
			{ model: 'mclp', costs: [[1, 2]], demand: [1], radius: 60000, p: 1 },
			/radius: must be at most/
		],
		[
			{ model: 'mclp', costs: [[1, 2]], demand: [1], radius: 10, p: 3 },
			/p: is 3 but there are only 2/
		],
		[{ model: 'mclp', costs: [[]], demand: [1], radius: 10, p: 1 }, /no candidate/],
		[
			{ model: 'mclp', costs: [[1, 2], [3]], demand: [1, 1], radius: 10, p: 1 },
			/costs\[1\]: has 1 entries/
		],
		[{ model: 'mclp', costs: [[1, -2]], demand: [1], radius: 10, p: 1 }, /costs\[0\]\[1\]/],
		[{ model: 'lscp', costs: [[1, 'x']], demand: [1], radius: 10 }, /costs\[0\]\[1\]/],
		[{ model: 'tsp', costs: [[1]], demand: [1] }, /model: must be one of/],
		[
			{ model: 'mclp', service: 'bakery', candidates: 'centroids', p: 1 },
			/service: must be one of/
		],
		[{ model: 'mclp', service: 'meal', segment: 'x', candidates: 'centroids', p: 1 }, /segment/],
		[
			{ model: 'mclp', service: 'meal', candidates: [], p: 1 },
			/candidates: there are no candidate/
		],
		[{ model: 'mclp', service: 'meal', candidates: [{ lon: 117, lat: 36.6 }], p: 2 }, /p: is 2/],
		[{ model: 'mclp', service: 'meal', candidates: 'centroids', p: 1, radius: -1 }, /radius/]
	])('optimize %j', async (body, message) => {
		const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scenario');
		const err = await optimize(db, planner, body).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(AnalysisInputError);
		expect((err as Error).message).toMatch(message);
		const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scenario');
		expect(after).toEqual(before);
	});

	it('NaN in a matrix cannot arrive through JSON; the route answers 400 for null', async () => {
		const res = await callOptimize({
			model: 'mclp',
			costs: [[1, null]],
			demand: [1],
			radius: 5,
			p: 1
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toMatch(/costs\[0\]\[1\]/);
	});
});

describe('optimize on the demo', () => {
	it('MCLP from grid centroids with existing meal points fixed gains coverage', async () => {
		const r = await optimize(db, planner, {
			model: 'mclp',
			service: 'meal',
			segment: 'age60',
			candidates: 'uncovered',
			p: 3,
			timeLimitSeconds: 20
		});
		expect(['optimal', 'time_limit', 'greedy']).toContain(r.status);
		expect(r.sites).toHaveLength(3);
		expect(r.newlyCovered).toBeGreaterThan(0);
		expect(r.objective).toBe(r.baselineCovered! + r.newlyCovered!);
	});
});

describe('accessibility', () => {
	it('E2SFCA: Σ demand × access equals the capacity reached', async () => {
		const r = await accessibility(db, planner, {
			service: 'daycare',
			segment: 'age60',
			radius: 600,
			detour: 1.3,
			status: 'active',
			method: 'e2sfca'
		});
		expect(r.cells.id.length).toBeGreaterThan(0);
		expect(Math.abs(r.sumDemandAccess - r.reachedCapacity)).toBeLessThan(
			1e-6 * r.reachedCapacity + 1e-9
		);
	});
});

describe('scenarios', () => {
	/** Two planners with accounts (scenario ownership needs a user id) and an admin. */
	let owner: Actor;
	let colleague: Actor;
	let admin: Actor;
	beforeAll(async () => {
		const make = async (username: string, role: 'planner' | 'admin'): Promise<Actor> => {
			const u = await createUser(db, SYSTEM_ACTOR, {
				username,
				displayName: username,
				password: 'scenario-password-1',
				role,
				scope: 'all'
			});
			return { role, scope: 'all', userId: u.id, username };
		};
		owner = await make('scenario-owner', 'planner');
		colleague = await make('scenario-colleague', 'planner');
		admin = await make('scenario-admin', 'admin');
	});

	const body = {
		name: '三个新助餐点',
		serviceType: 'meal',
		params: { segment: 'age60', radius: 500, detour: 1.3 },
		changes: { added: [{ id: 'c1', lon: 117.05, lat: 36.66 }], removed: [], moved: [], off: [] }
	};

	it('create, read, list, update, compare, delete', async () => {
		const data = await analysisData(db);
		const meal = data.points.find((p) => p.type === 'meal' && p.status === 'active')!;
		const a = await createScenario(db, owner, body);
		expect(a).toMatchObject({ name: body.name, serviceType: 'meal', params: { status: 'active' } });
		expect((await getScenario(db, planner, a.id)).changes.added).toHaveLength(1);
		const b = await createScenario(db, owner, {
			...body,
			name: 'close one',
			changes: { off: [meal.id] }
		});
		expect((await listScenarios(db, planner)).map((s) => s.id)).toEqual(
			expect.arrayContaining([a.id, b.id])
		);
		const u = await updateScenario(db, owner, a.id, { ...body, name: 'renamed' });
		expect(u.name).toBe('renamed');
		const [left, right] = await compareScenarios(db, planner, a.id, b.id);
		expect(left.baseline).toEqual(right.baseline);
		expect(left.lost).toBe(0);
		expect(right.gained).toBe(0);
		expect(right.totals.covered).toBe(right.baseline.covered - right.lost);
		await deleteScenario(db, owner, a.id);
		await expect(getScenario(db, planner, a.id)).rejects.toMatchObject({ status: 404 });
		await deleteScenario(db, owner, b.id);
	});

	it('only the owner or an admin may update or delete; other planners may list and view', async () => {
		const s = await createScenario(db, owner, body);
		expect(s.ownerId).toBe(owner.userId);
		// The colleague sees it …
		expect((await listScenarios(db, colleague)).map((x) => x.id)).toContain(s.id);
		expect((await getScenario(db, colleague, s.id)).name).toBe(body.name);
		// … but may not change or delete it, and nothing is written.
		const forbidden = {
			status: 403,
			message: "Only the scenario's owner or an administrator may change or delete it"
		};
		await expect(
			updateScenario(db, colleague, s.id, { ...body, name: 'hijacked' })
		).rejects.toMatchObject(forbidden);
		await expect(deleteScenario(db, colleague, s.id)).rejects.toMatchObject(forbidden);
		// A planner without an account (the development actor) owns nothing.
		await expect(deleteScenario(db, planner, s.id)).rejects.toMatchObject(forbidden);
		expect((await getScenario(db, owner, s.id)).name).toBe(body.name);
		// A missing scenario is still a 404, not a 403.
		await expect(deleteScenario(db, colleague, 999_999)).rejects.toMatchObject({ status: 404 });
		// The admin may do both.
		expect((await updateScenario(db, admin, s.id, { ...body, name: 'by admin' })).name).toBe(
			'by admin'
		);
		await deleteScenario(db, admin, s.id);
		await expect(getScenario(db, owner, s.id)).rejects.toMatchObject({ status: 404 });
	});

	it('refuses bad bodies and read-only roles, writing nothing', async () => {
		const count = async () =>
			(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scenario'))[0]!.n;
		const before = await count();
		for (const bad of [
			{ ...body, name: '' },
			{ ...body, serviceType: 'bakery' },
			{ ...body, params: { ...body.params, radius: 0 } },
			{ ...body, changes: { added: [{ id: 'x', lon: 500, lat: 0 }] } },
			{ ...body, extra: 1 }
		]) {
			await expect(createScenario(db, planner, bad)).rejects.toBeInstanceOf(AnalysisInputError);
		}
		const leader: Actor = { ...planner, role: 'leader' };
		await expect(createScenario(db, leader, body)).rejects.toBeInstanceOf(PermissionError);
		expect(await count()).toBe(before);
	});
});

// ---------------------------------------------------------------------------------------------
// The spopt reference through the route handler.

function callOptimize(body: unknown, accept = 'application/json'): Promise<Response> {
	const request = new Request('http://localhost/api/analysis/optimize', {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept },
		body: JSON.stringify(body)
	});
	const event = {
		request,
		locals: { db, actor: planner, config: loadConfig({}) },
		url: new URL(request.url),
		params: {}
	} as unknown as Parameters<typeof optimizeRoute>[0];
	return Promise.resolve(optimizeRoute(event)).catch((e: unknown) => {
		const err = e as { status?: number; body?: unknown };
		if (typeof err.status === 'number') return Response.json(err.body, { status: err.status });
		throw e;
	});
}

interface Reply {
	status: string;
	selected: number[];
	objective: number;
	gap: number | null;
	totalDemand: number;
}

describe('spopt San Francisco reference through POST /api/analysis/optimize', () => {
	const sf = loadSf();
	const post = async (body: object): Promise<Reply> => {
		const res = await callOptimize({ costs: sf.costs, demand: sf.demand, ...body });
		expect(res.status).toBe(200);
		return (await res.json()) as Reply;
	};

	it('MCLP p = 4, S = 5000 → 875,247 with Store_2, 11, 12, 15 (columns 1, 7, 8, 11)', async () => {
		expect(sf.stores).toHaveLength(16);
		const r = await post({ model: 'mclp', radius: 5000, p: 4 });
		expect(r).toMatchObject({
			status: 'optimal',
			objective: 875_247,
			gap: 0,
			selected: [1, 7, 8, 11]
		});
		expect(r.selected.map((j) => sf.stores[j])).toEqual([
			'Store_2',
			'Store_11',
			'Store_12',
			'Store_15'
		]);
	});

	it('LSCP S = 5000 → 8 stores', async () => {
		const r = await post({ model: 'lscp', radius: 5000 });
		expect(r.status).toBe('optimal');
		expect(r.objective).toBe(8);
		expect(r.selected).toHaveLength(8);
	});

	it('p-median p = 4 → mean weighted distance 2982.1268 m', async () => {
		const r = await post({ model: 'pmedian', p: 4 });
		expect(r.status).toBe('optimal');
		expect(Math.abs(r.objective / r.totalDemand - 2982.1268579890657)).toBeLessThan(1e-4);
		expect(r.selected).toEqual([1, 7, 8, 11]);
	});

	it('the whole MCLP sweep table of the README', async () => {
		const table = new Map(
			[...sweepTable()].map(([radius, ps]) => [radius, ps.map((x) => x.toFixed(2))])
		);
		expect([...table.keys()]).toEqual([2000, 3000, 4000, 5000, 6000]);
		for (const [radius, percents] of table) {
			const got: string[] = [];
			for (let p = 1; p <= 6; p++) {
				const r = await post({ model: 'mclp', radius, p });
				expect(r.status).toBe('optimal');
				got.push(((r.objective / r.totalDemand) * 100).toFixed(2));
			}
			expect({ radius, got }).toEqual({ radius, got: percents });
		}
	});

	it('streams progress events and the result with Accept: text/event-stream', async () => {
		const res = await callOptimize(
			{ model: 'mclp', costs: sf.costs, demand: sf.demand, radius: 5000, p: 4 },
			'text/event-stream, application/json'
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const { events } = parseSse(`${await res.text()}\n\n`);
		const names = events.map((e) => e.event);
		expect(names.filter((n) => n === 'progress').length).toBeGreaterThan(1);
		expect(names.at(-1)).toBe('result');
		expect(JSON.parse(events.at(-1)!.data)).toMatchObject({
			status: 'optimal',
			objective: 875_247,
			selected: [1, 7, 8, 11]
		});
	});

	it('bad input is a 400 even when a stream is asked for', async () => {
		const res = await callOptimize(
			{ model: 'mclp', costs: sf.costs, demand: sf.demand, radius: -1, p: 4 },
			'text/event-stream, application/json'
		);
		expect(res.status).toBe(400);
	});
});
