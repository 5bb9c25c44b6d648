/**
 * The residents' tracking service on a real engine (PGlite; PostgreSQL with TEST_DATABASE_URL):
 * the public view leaks no personal data and only the rounded location; a closed case is rated
 * once (a concurrent second rating loses); bad codes and bad ratings write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_LOCATION_STEP, ScopeError } from '../../src/lib/domain/permissions';
import { UserInputError } from '../../src/lib/server/auth/users';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import {
	publicStage,
	rateCase,
	takeTrackingToken,
	trackCase
} from '../../src/lib/server/tracking/service';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;

type CaseRow = {
	id: number;
	code: string;
	lon: number;
	lat: number;
};

/** The satisfaction-rate inputs (issue 8): rated cases and those rated 4 or 5. */
async function satisfaction(): Promise<{ rated: number; satisfied: number }> {
	const [r] = await db.query<{ rated: number; satisfied: number }>(
		`SELECT count(*) FILTER (WHERE rating IS NOT NULL)::int AS rated,
		        count(*) FILTER (WHERE rating >= 4)::int AS satisfied
		   FROM incident WHERE state <> 'merged'`
	);
	return r!;
}

async function changeLogCount(id: number): Promise<number> {
	const [r] = await db.query<{ n: number }>(
		"SELECT count(*)::int AS n FROM change_log WHERE kind = 'incident' AND entity_id = $1 AND op = 'update'",
		[id]
	);
	return r!.n;
}

const used: number[] = [];

/** A closed case not used before in this file, its rating cleared (the demo rates many). */
async function closedUnrated(): Promise<CaseRow> {
	const [row] = await db.query<CaseRow>(
		`UPDATE incident SET rating = NULL, rated_at = NULL
		  WHERE id = (SELECT id FROM incident WHERE state = 'closed' AND NOT (id = ANY ($1::bigint[]))
		               ORDER BY id DESC LIMIT 1)
		 RETURNING id, tracking_code AS code, ST_X(geom) AS lon, ST_Y(geom) AS lat`,
		[used]
	);
	used.push(row!.id);
	return row!;
}

async function expectError(p: Promise<unknown>, status: number): Promise<void> {
	const e = await p.then(
		() => null,
		(x: unknown) => x
	);
	expect(e, `expected ${status}`).not.toBeNull();
	if (status === 404) expect(e).toBeInstanceOf(ScopeError);
	else {
		expect(e).toBeInstanceOf(UserInputError);
		expect((e as UserInputError).status).toBe(status);
	}
}

beforeAll(async () => {
	db = await testDb();
});
afterAll(async () => {
	await db?.close();
});

describe('public view', () => {
	it('shows progress but none of the personal data, notes, staff or departments', async () => {
		// A case with a contact and noted events: give it both, as the system (RLS on contacts).
		const [c] = await db.query<CaseRow>(
			`SELECT id, tracking_code AS code, ST_X(geom) AS lon, ST_Y(geom) AS lat
			   FROM incident WHERE state = 'closed' ORDER BY id LIMIT 1`
		);
		const secrets = await withSystemRole(db).transaction(async (tx) => {
			await tx.query('DELETE FROM incident_contact WHERE incident_id = $1', [c!.id]);
			await tx.query(
				'INSERT INTO incident_contact (incident_id, name, phone, email) VALUES ($1, $2, $3, $4)',
				[c!.id, '王秘密', '13912345678', 'secret.resident@example.cn']
			);
			const rows = await tx.query<{ note: string | null; department: string | null }>(
				'SELECT note, department_code AS department FROM incident_event WHERE incident_id = $1',
				[c!.id]
			);
			const staff = await tx.query<{ username: string; display_name: string }>(
				`SELECT u.username, u.display_name FROM app_user u
				   JOIN incident_event e ON e.actor_user_id = u.id WHERE e.incident_id = $1`,
				[c!.id]
			);
			const [inc] = await tx.query<{ description: string; address: string | null }>(
				'SELECT description, address FROM incident WHERE id = $1',
				[c!.id]
			);
			return [
				'王秘密',
				'13912345678',
				'secret.resident@example.cn',
				...rows.flatMap((r) => [r.note, r.department]),
				...staff.flatMap((s) => [s.username, s.display_name]),
				inc!.description,
				inc!.address
			].filter((s): s is string => typeof s === 'string' && s.length >= 4);
		});
		const view = await trackCase(db, c!.code);
		const text = JSON.stringify(view);
		for (const s of secrets) expect(text).not.toContain(s);
		expect(text).not.toContain(String(c!.lon));
		expect(text).not.toContain(String(c!.lat));
		expect(view.state).toBe('closed');
		expect(view.stage).toBe('closed');
		expect(view.closedAt).not.toBeNull();
		expect(view.timeline.length).toBeGreaterThan(0);
		for (const e of view.timeline) expect(Object.keys(e).sort()).toEqual(['action', 'at']);
		expect(view.timeline.map((e) => e.action)).toContain('close');
		expect(view.category.zh.length).toBeGreaterThan(0);
		expect(view.category.en.length).toBeGreaterThan(0);
		expect(Object.keys(view).sort()).toEqual(
			[
				'canRate',
				'category',
				'closedAt',
				'location',
				'mergedInto',
				'number',
				'rating',
				'ratedAt',
				'reportedAt',
				'stage',
				'state',
				'timeline'
			].sort()
		);
	});

	it('shows the location rounded to the ~100 m public grid', async () => {
		const cases = await db.query<CaseRow>(
			'SELECT id, tracking_code AS code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident ORDER BY id LIMIT 20'
		);
		for (const c of cases) {
			const { location } = await trackCase(db, c.code);
			// Within half a cell (plus rounding to 4 decimals) of the exact point: < ~80 m.
			expect(Math.abs(location.lon - c.lon)).toBeLessThanOrEqual(PUBLIC_LOCATION_STEP / 2 + 1e-4);
			expect(Math.abs(location.lat - c.lat)).toBeLessThanOrEqual(PUBLIC_LOCATION_STEP / 2 + 1e-4);
			// On the grid: a cell centre, (k + 0.5) × step.
			for (const v of [location.lon, location.lat]) {
				const k = v / PUBLIC_LOCATION_STEP - 0.5;
				expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
			}
			expect([location.lon, location.lat]).not.toEqual([c.lon, c.lat]);
		}
	});

	it('names the stage residents understand, and the case a duplicate was merged into', async () => {
		expect(publicStage('filed')).toBe('received');
		expect(publicStage('in_progress')).toBe('in_progress');
		expect(publicStage('verified')).toBe('handled');
		expect(publicStage('rejected')).toBe('not_a_case');
		const [m] = await db.query<{ code: string; into: string }>(
			`SELECT i.tracking_code AS code, t.number AS into FROM incident i
			   JOIN incident t ON t.id = i.merged_into WHERE i.state = 'merged' LIMIT 1`
		);
		if (m) {
			const view = await trackCase(db, m.code);
			expect(view.stage).toBe('merged');
			expect(view.mergedInto).toBe(m.into);
		}
		const [open] = await db.query<{ code: string }>(
			"SELECT tracking_code AS code FROM incident WHERE state = 'dispatched' LIMIT 1"
		);
		expect((await trackCase(db, open!.code)).canRate).toBe(false);
	});

	it('answers 404 for malformed and unknown codes without looking further', async () => {
		for (const bad of [
			'',
			'abc',
			'abcdefgh',
			'ABCDEFGHIJKLMNOPQ',
			"ABCDEFG' OR 1=1",
			'ABCD-EFGH'
		]) {
			await expectError(trackCase(db, bad), 404);
		}
		await expectError(trackCase(db, undefined), 404);
		await expectError(trackCase(db, 'ZZZZZZZZZZZZZZZZ'), 404);
		await expectError(rateCase(db, 'ZZZZZZZZZZZZZZZZ', { rating: 5 }), 404);
		await expectError(rateCase(db, 'bad', { rating: 5 }), 404);
	});
});

describe('rating', () => {
	it('rates a closed case once; it feeds the satisfaction rate and the change log', async () => {
		const c = await closedUnrated();
		const before = await satisfaction();
		const logs = await changeLogCount(c.id);
		expect((await trackCase(db, c.code)).canRate).toBe(true);
		const r = await rateCase(db, c.code, { rating: 5 });
		expect(r.rating).toBe(5);
		expect(Number.isNaN(Date.parse(r.ratedAt))).toBe(false);
		const after = await satisfaction();
		expect(after).toEqual({ rated: before.rated + 1, satisfied: before.satisfied + 1 });
		expect(await changeLogCount(c.id)).toBe(logs + 1);
		const view = await trackCase(db, c.code);
		expect(view.rating).toBe(5);
		expect(view.canRate).toBe(false);
		// A second rating: 409, nothing changes.
		await expectError(rateCase(db, c.code, { rating: 1 }), 409);
		expect((await trackCase(db, c.code)).rating).toBe(5);
		expect(await satisfaction()).toEqual(after);
		expect(await changeLogCount(c.id)).toBe(logs + 1);
	});

	it('lets exactly one of two concurrent ratings win', async () => {
		const c = await closedUnrated();
		const results = await Promise.allSettled([
			rateCase(db, c.code, { rating: 2 }),
			rateCase(db, c.code, { rating: 4 })
		]);
		expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
		expect((lost.reason as UserInputError).status).toBe(409);
		expect(await changeLogCount(c.id)).toBeGreaterThanOrEqual(1);
	});

	it('refuses to rate a case that is not closed (409), writing nothing', async () => {
		const [open] = await db.query<{ id: number; code: string }>(
			"SELECT id, tracking_code AS code FROM incident WHERE state IN ('dispatched', 'handled', 'rejected') AND rating IS NULL ORDER BY id LIMIT 1"
		);
		const before = await satisfaction();
		const logs = await changeLogCount(open!.id);
		await expectError(rateCase(db, open!.code, { rating: 4 }), 409);
		expect(await satisfaction()).toEqual(before);
		expect(await changeLogCount(open!.id)).toBe(logs);
	});

	it('refuses bad ratings (400) and writes nothing', async () => {
		const c = await closedUnrated();
		const before = await satisfaction();
		const logs = await changeLogCount(c.id);
		for (const body of [
			{ rating: 0 },
			{ rating: 6 },
			{ rating: 3.5 },
			{ rating: '5' },
			{ rating: null },
			{},
			{ rating: 5, extra: true },
			null,
			'5',
			[5]
		]) {
			await expectError(rateCase(db, c.code, body), 400);
		}
		expect(await satisfaction()).toEqual(before);
		expect((await trackCase(db, c.code)).rating).toBeNull();
		expect(await changeLogCount(c.id)).toBe(logs);
	});
});

describe('form rate limit', () => {
	it('gives each client its own bucket of the public budget', () => {
		const waits = Array.from({ length: 4 }, () => takeTrackingToken(3, '203.0.113.7'));
		expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
		expect(waits[3]).toBeGreaterThan(0);
		expect(takeTrackingToken(3, '203.0.113.8')).toBe(0);
		expect(takeTrackingToken(0, '203.0.113.7')).toBe(0);
	});
});
