/**
 * The generated Lixia demo, checked with SQL on a real engine (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): geometry tiles, codes, placement, population, case histories,
 * service coverage, sensors, and that the same seed gives the same content.
 *
 * Overlays in these checks pass a precision grid (ST_Intersection(a, b, 1e-9)): without it GEOS
 * may need a fallback that PGlite's WASM build cannot run, and the query then returns no rows
 * instead of failing (https://github.com/electric-sql/pglite/issues/916) — so every check below
 * also insists on getting its row back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	checkHistory,
	OPEN_STATES,
	SLA_STAGE_BY_STATE,
	type CaseAction,
	type CaseRole,
	type CaseState
} from '../../src/lib/domain/cases';
import type { Db } from '../../src/lib/server/db/types';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { seedDemo } from '../../src/lib/server/seed';
import { readBoundaryGeometry } from '../../src/lib/server/seed/admin';
import { sql } from '../../src/lib/server/sql';
import { TEST_SEED } from '../setup/engines';
import { testDb, type TestDb } from '../setup/test-db';

const POPULATION = 750_000;
const G = 1e-9;

let db: TestDb;

async function one<T extends Record<string, unknown>>(
	d: Db,
	text: string,
	params: unknown[] = []
): Promise<T> {
	// The seed checks read personal-data tables too: as the system role, so that row-level
	// security (PostgreSQL as the app role) shows them.
	const rows = await withSystemRole(d).transaction((tx) => tx.query<T>(text, params));
	expect(rows, text).toHaveLength(1);
	return rows[0]!;
}

// PGlite boots in ~10 s on a quiet machine, several times that on a busy one.
const BOOT_MS = 180_000;

beforeAll(async () => {
	db = await testDb();
}, BOOT_MS);

afterAll(async () => {
	await db?.close();
});

describe('the district boundary', () => {
	it('was invalid as shipped, and is stored repaired, valid, ≈101 km²', async () => {
		const shipped = await one<{ valid: boolean; reason: string }>(
			db,
			sql('seed/boundary_inspect'),
			[readBoundaryGeometry()]
		);
		expect(shipped.valid).toBe(false);
		expect(shipped.reason).toMatch(/Self-intersection/);
		const d = await one<{ n: number; valid: boolean; type: string; km2: number; name: string }>(
			db,
			`SELECT count(*) OVER ()::int AS n, ST_IsValid(geom) AS valid, ST_GeometryType(geom) AS type,
			        ST_Area(geom::geography) / 1e6 AS km2, name
			   FROM admin_area WHERE level = 'district'`
		);
		expect(d).toMatchObject({ n: 1, valid: true, type: 'ST_MultiPolygon', name: '历下区' });
		expect(d.km2).toBeGreaterThan(101 * 0.98);
		expect(d.km2).toBeLessThan(101 * 1.02);
	});
});

describe('subdistricts and communities', () => {
	it('has 14 subdistricts with 12-digit codes 370102001000…, each with 6–8 communities', async () => {
		const subs = await db.query<{ code: string; n: number; bad: number }>(
			`SELECT s.code, count(c.code)::int AS n,
			        count(*) FILTER (WHERE c.code !~ ('^' || substr(s.code, 1, 9) || '[0-9]{3}$')
			                            OR substr(c.code, 10, 3) = '000')::int AS bad
			   FROM admin_area s
			   LEFT JOIN admin_area c ON c.parent_code = s.code AND c.level = 'community'
			  WHERE s.level = 'subdistrict'
			  GROUP BY s.code ORDER BY s.code`
		);
		expect(subs.map((s) => s.code)).toEqual(
			Array.from({ length: 14 }, (_, i) => `370102${String(i + 1).padStart(3, '0')}000`)
		);
		for (const s of subs) {
			expect(s.n).toBeGreaterThanOrEqual(6);
			expect(s.n).toBeLessThanOrEqual(8);
			expect(s.bad).toBe(0);
		}
		const parents = await one<{ bad: number }>(
			db,
			`SELECT count(*)::int AS bad FROM admin_area a
			   LEFT JOIN admin_area p ON p.code = a.parent_code
			  WHERE (a.level = 'subdistrict' AND p.level IS DISTINCT FROM 'district')
			     OR (a.level = 'community' AND p.level IS DISTINCT FROM 'subdistrict')
			     OR NOT ST_IsValid(a.geom) OR ST_GeometryType(a.geom) <> 'ST_MultiPolygon'`
		);
		expect(parents.bad).toBe(0);
	});

	it('subdistricts tile the district and communities tile their subdistrict', async () => {
		const tiles = await db.query<{
			parent: string;
			parent_m2: number;
			union_m2: number;
			sum_m2: number;
		}>(
			`SELECT p.code AS parent, ST_Area(p.geom::geography) AS parent_m2,
			        ST_Area(ST_Union(c.geom, $1::float8)::geography) AS union_m2,
			        sum(ST_Area(c.geom::geography)) AS sum_m2
			   FROM admin_area p JOIN admin_area c ON c.parent_code = p.code
			  GROUP BY p.code, p.geom ORDER BY p.code`,
			[G]
		);
		expect(tiles).toHaveLength(15);
		for (const t of tiles) {
			expect(Math.abs(t.union_m2 / t.parent_m2 - 1), t.parent).toBeLessThan(0.005);
			expect(Math.abs(t.sum_m2 / t.parent_m2 - 1), t.parent).toBeLessThan(0.005);
		}
		const overlaps = await one<{ pairs: number; worst: number | null }>(
			db,
			`SELECT count(*)::int AS pairs, max(ST_Area(ST_Intersection(a.geom, b.geom, $1::float8)::geography)) AS worst
			   FROM admin_area a JOIN admin_area b
			     ON a.level = b.level AND a.code < b.code AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
			  WHERE a.level IN ('subdistrict', 'community')`,
			[G]
		);
		expect(overlaps.pairs).toBeGreaterThan(100);
		expect(overlaps.worst).toBeLessThan(1);
	});
});

describe('the unit grid', () => {
	it('has codes = community code + 3 digits, numbered 001…n, and cells inside their community', async () => {
		const r = await one<{
			cells: number;
			badcode: number;
			gaps: number;
			outside_m2: number;
			badsub: number;
		}>(
			db,
			`WITH c AS (
			   SELECT g.*, substr(g.code, 13)::int AS seq FROM grid_cell g
			 )
			 SELECT count(*)::int AS cells,
			        count(*) FILTER (WHERE code !~ ('^' || community_code || '[0-9]{3}$'))::int AS badcode,
			        (SELECT count(*)::int FROM (SELECT community_code FROM c GROUP BY community_code
			                                     HAVING max(seq) <> count(*) OR min(seq) <> 1) x) AS gaps,
			        (SELECT max(ST_Area(ST_Difference(g.geom, a.geom, $1::float8)::geography))
			           FROM grid_cell g JOIN admin_area a ON a.code = g.community_code) AS outside_m2,
			        (SELECT count(*)::int FROM grid_cell g JOIN admin_area a ON a.code = g.community_code
			          WHERE a.parent_code <> g.subdistrict_code OR NOT ST_IsValid(g.geom)
			             OR NOT ST_Intersects(g.geom, g.centroid)) AS badsub
			   FROM c`,
			[G]
		);
		expect(r.cells).toBeGreaterThan(2500);
		expect(r).toMatchObject({ badcode: 0, gaps: 0, badsub: 0 });
		expect(r.outside_m2).toBeLessThan(1);
	});

	it('cells tile each community (no gaps, no overlaps) and are roughly 200 m squares', async () => {
		const r = await one<{ worst_gap: number; worst_overlap: number | null; median_m2: number }>(
			db,
			`SELECT
			   (SELECT max(abs(s.m2 / ST_Area(a.geom::geography) - 1))
			      FROM (SELECT community_code, sum(ST_Area(geom::geography)) AS m2 FROM grid_cell GROUP BY 1) s
			      JOIN admin_area a ON a.code = s.community_code) AS worst_gap,
			   (SELECT max(ST_Area(ST_Intersection(a.geom, b.geom, $1::float8)::geography))
			      FROM grid_cell a JOIN grid_cell b
			        ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)) AS worst_overlap,
			   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_Area(geom::geography)) FROM grid_cell) AS median_m2`,
			[G]
		);
		expect(r.worst_gap).toBeLessThan(0.005);
		expect(r.worst_overlap).toBeLessThan(1);
		expect(r.median_m2).toBeGreaterThan(150 * 150);
		expect(r.median_m2).toBeLessThan(250 * 250);
	});
});

describe('population', () => {
	it('sums exactly to the requested total, with plausible ageing and households', async () => {
		const r = await one<{
			residents: number;
			aged60: number;
			aged80: number;
			alone: number;
			households: number;
			bad_share: number;
		}>(
			db,
			`SELECT sum(residents)::int AS residents, sum(aged60)::int AS aged60, sum(aged80)::int AS aged80,
			        sum(alone_elderly)::int AS alone, sum(households)::int AS households,
			        count(*) FILTER (WHERE residents >= 10 AND (aged60 < ceil(residents * 0.12)
			                                                  OR aged60 > floor(residents * 0.30)))::int AS bad_share
			   FROM grid_cell`
		);
		expect(r.residents).toBe(POPULATION);
		expect(r.bad_share).toBe(0);
		expect(r.aged80 / r.aged60).toBeGreaterThan(0.15);
		expect(r.aged80 / r.aged60).toBeLessThan(0.25);
		expect(r.alone / r.aged60).toBeGreaterThan(0.1);
		expect(r.alone / r.aged60).toBeLessThan(0.2);
		expect(r.residents / r.households).toBeGreaterThan(2.45);
		expect(r.residents / r.households).toBeLessThan(2.75);
	});

	it('is densest in the old town and thin in the southern hills; staff at 1 per 500–800', async () => {
		const r = await one<{ old_town: number; south: number }>(
			db,
			`SELECT
			   (SELECT sum(residents) / sum(ST_Area(geom::geography)) FROM grid_cell
			     WHERE ST_X(centroid) BETWEEN 117.02 AND 117.05 AND ST_Y(centroid) BETWEEN 36.66 AND 36.68) AS old_town,
			   (SELECT sum(residents) / sum(ST_Area(geom::geography)) FROM grid_cell
			     WHERE ST_Y(centroid) < 36.62) AS south`
		);
		expect(r.old_town).toBeGreaterThan(4 * r.south);
		const staff = await db.query<{ code: string; per_staff: number }>(
			`SELECT s.code, sum(g.residents)::float8 / s.staff_count AS per_staff
			   FROM admin_area s JOIN grid_cell g ON g.subdistrict_code = s.code
			  WHERE s.level = 'subdistrict' GROUP BY s.code, s.staff_count`
		);
		expect(staff).toHaveLength(14);
		for (const s of staff) {
			expect(s.per_staff, s.code).toBeGreaterThan(480);
			expect(s.per_staff, s.code).toBeLessThan(820);
		}
	});
});

describe('placement of points', () => {
	for (const table of ['incident', 'service_point', 'sensor'] as const) {
		it(`every ${table} lies in the district, in its own grid cell, community and subdistrict`, async () => {
			const r = await one<{ n: number; bad: number }>(
				db,
				`SELECT count(*)::int AS n,
				        count(*) FILTER (WHERE g.id IS NULL OR c.code IS NULL
				          OR NOT ST_Within(x.geom, d.geom)
				          OR NOT ST_Intersects(g.geom, x.geom)
				          OR NOT ST_Intersects(c.geom, x.geom)
				          OR g.community_code <> x.community_code
				          OR c.parent_code <> x.subdistrict_code)::int AS bad
				   FROM ${table} x
				   JOIN admin_area d ON d.level = 'district'
				   LEFT JOIN grid_cell g ON g.id = x.grid_cell_id
				   LEFT JOIN admin_area c ON c.code = x.community_code`
			);
			expect(r.n).toBeGreaterThan(0);
			expect(r.bad).toBe(0);
		});
	}
});

describe('service points', () => {
	it('has exactly one community service station per community, inside it', async () => {
		const r = await one<{ communities: number; with_one: number; stations: number }>(
			db,
			`SELECT (SELECT count(*)::int FROM admin_area WHERE level = 'community') AS communities,
			        (SELECT count(*)::int FROM (
			           SELECT a.code FROM admin_area a
			             JOIN service_point s ON s.type = 'station' AND s.community_code = a.code
			                                 AND ST_Intersects(a.geom, s.geom)
			            WHERE a.level = 'community' GROUP BY a.code HAVING count(*) = 1) x) AS with_one,
			        (SELECT count(*)::int FROM service_point WHERE type = 'station') AS stations`
		);
		expect(r.with_one).toBe(r.communities);
		expect(r.stations).toBe(r.communities);
	});

	it('has about 60 meal points, some planned, and real 500 m meal-service deserts', async () => {
		const r = await one<{
			meal: number;
			planned: number;
			daycare: number;
			clinic: number;
			police: number;
			desert_cells: number;
			desert_aged: number;
			subs_without: number;
		}>(
			db,
			`SELECT count(*) FILTER (WHERE type = 'meal')::int AS meal,
			        count(*) FILTER (WHERE type = 'meal' AND status = 'planned')::int AS planned,
			        count(*) FILTER (WHERE type = 'daycare')::int AS daycare,
			        count(*) FILTER (WHERE type = 'clinic')::int AS clinic,
			        count(*) FILTER (WHERE type = 'police')::int AS police,
			        (SELECT count(*)::int FROM grid_cell g WHERE g.aged60 > 0 AND NOT EXISTS (
			           SELECT 1 FROM service_point m WHERE m.type = 'meal' AND m.status = 'active'
			              AND ST_DWithin(m.geom::geography, g.centroid::geography, 500))) AS desert_cells,
			        (SELECT sum(g.aged60)::int FROM grid_cell g WHERE NOT EXISTS (
			           SELECT 1 FROM service_point m WHERE m.type = 'meal' AND m.status = 'active'
			              AND ST_DWithin(m.geom::geography, g.centroid::geography, 500))) AS desert_aged,
			        (SELECT count(*)::int FROM admin_area a WHERE a.level = 'subdistrict' AND NOT EXISTS (
			           SELECT 1 FROM service_point m WHERE m.type = 'meal' AND m.subdistrict_code = a.code)) AS subs_without
			   FROM service_point`
		);
		expect(r.meal).toBeGreaterThanOrEqual(50);
		expect(r.meal).toBeLessThanOrEqual(70);
		expect(r.planned).toBeGreaterThan(0);
		expect(r.daycare).toBeGreaterThanOrEqual(25);
		expect(r.clinic).toBeGreaterThanOrEqual(12);
		expect(r.police).toBeGreaterThanOrEqual(14);
		expect(r.police).toBeLessThanOrEqual(20);
		expect(r.desert_cells).toBeGreaterThan(100);
		expect(r.desert_aged).toBeGreaterThan(10_000);
		expect(r.subs_without).toBeGreaterThan(0);
	});
});

describe('incidents', () => {
	interface EventRow extends Record<string, unknown> {
		incident_id: number;
		seq: number;
		action: CaseAction;
		from_state: CaseState | null;
		to_state: CaseState;
		actor_role: CaseRole;
		at: Date;
	}
	interface IncidentRow extends Record<string, unknown> {
		id: number;
		state: CaseState;
		stage: string | null;
		version: number;
		reported_at: Date;
		closed_at: Date | null;
		closed_on_time: boolean | null;
		responded_at: Date | null;
		rework_count: number;
		return_count: number;
		extended: boolean;
		rating: number | null;
		merged_into: number | null;
		deadline_at: Date | null;
		tracking_code: string;
	}

	it('every history is a legal path through the case cycle, and the columns agree with it', async () => {
		const incidents = await db.query<IncidentRow>(
			`SELECT id, state, stage, version, reported_at, closed_at, closed_on_time, responded_at, rework_count,
			        return_count, extended, rating, merged_into, deadline_at, tracking_code
			   FROM incident ORDER BY id`
		);
		const events = await db.query<EventRow>(
			`SELECT incident_id, seq, action, from_state, to_state, actor_role, at FROM incident_event ORDER BY incident_id, seq`
		);
		expect(incidents.length).toBeGreaterThan(1500);
		const byIncident = new Map<number, EventRow[]>();
		for (const e of events) {
			const list = byIncident.get(e.incident_id) ?? [];
			list.push(e);
			byIncident.set(e.incident_id, list);
		}
		const now = TEST_SEED.now.getTime();
		const problems: string[] = [];
		for (const i of incidents) {
			const h = byIncident.get(i.id) ?? [];
			const check = checkHistory(
				h.map((e) => ({ action: e.action, from: e.from_state, to: e.to_state, role: e.actor_role }))
			);
			if (!check.ok) problems.push(`${i.tracking_code}: event ${check.index}: ${check.reason}`);
			const last = h[h.length - 1];
			if (last?.to_state !== i.state)
				problems.push(`${i.tracking_code}: state ${i.state} ≠ history`);
			if (h.some((e, k) => e.seq !== k + 1)) problems.push(`${i.tracking_code}: seq gaps`);
			if (h.some((e, k) => k > 0 && e.at.getTime() < h[k - 1]!.at.getTime()))
				problems.push(`${i.tracking_code}: time runs back`);
			if (h.some((e) => e.at.getTime() > now)) problems.push(`${i.tracking_code}: event after now`);
			if (h[0]?.at.getTime() !== i.reported_at.getTime())
				problems.push(`${i.tracking_code}: reported_at`);
			if (i.version !== h.length) problems.push(`${i.tracking_code}: version`);
			if ((i.stage ?? null) !== SLA_STAGE_BY_STATE[i.state])
				problems.push(`${i.tracking_code}: stage ${i.stage} in ${i.state}`);
			if ((i.deadline_at === null) !== (i.stage === null))
				problems.push(`${i.tracking_code}: deadline_at`);
			if ((i.state === 'closed') !== (i.closed_at !== null))
				problems.push(`${i.tracking_code}: closed_at`);
			if ((i.state === 'closed') !== (i.closed_on_time !== null))
				problems.push(`${i.tracking_code}: closed_on_time`);
			if ((i.responded_at !== null) !== h.some((e) => e.action === 'accept'))
				problems.push(`${i.tracking_code}: responded_at`);
			if (i.rework_count !== h.filter((e) => e.action === 'fail_verification').length)
				problems.push(`${i.tracking_code}: rework_count`);
			if (i.return_count !== h.filter((e) => e.action === 'return').length)
				problems.push(`${i.tracking_code}: return_count`);
			if (i.extended !== h.some((e) => e.action === 'approve_extension'))
				problems.push(`${i.tracking_code}: extended`);
			if (i.rating !== null && i.state !== 'closed')
				problems.push(`${i.tracking_code}: rated but not closed`);
			if ((i.state === 'merged') !== (i.merged_into !== null))
				problems.push(`${i.tracking_code}: merged_into`);
		}
		expect(problems.slice(0, 20)).toEqual([]);
	});

	it('has open cases in every state, overdue ones, and the side roads of the cycle', async () => {
		const states = await db.query<{ state: CaseState; n: number }>(
			`SELECT state, count(*)::int AS n FROM incident GROUP BY state`
		);
		const count = new Map(states.map((s) => [s.state, s.n]));
		for (const s of [...OPEN_STATES, 'outstanding', 'closed', 'rejected', 'merged'] as const) {
			expect(count.get(s) ?? 0, s).toBeGreaterThan(0);
		}
		const r = await one<{
			total: number;
			overdue: number;
			late_closed: number;
			reworked: number;
			returned: number;
			extended: number;
			rated: number;
			high_ratings: number;
			contacts: number;
			sources: number;
			bad_codes: number;
		}>(
			db,
			`SELECT count(*)::int AS total,
			        count(*) FILTER (WHERE deadline_at < $1 AND state NOT IN ('closed', 'rejected', 'merged', 'outstanding'))::int AS overdue,
			        count(*) FILTER (WHERE closed_on_time = false)::int AS late_closed,
			        count(*) FILTER (WHERE rework_count > 0)::int AS reworked,
			        count(*) FILTER (WHERE return_count > 0)::int AS returned,
			        count(*) FILTER (WHERE extended)::int AS extended,
			        count(rating)::int AS rated,
			        count(*) FILTER (WHERE rating >= 4)::int AS high_ratings,
			        (SELECT count(*)::int FROM incident_contact) AS contacts,
			        count(DISTINCT source)::int AS sources,
			        count(*) FILTER (WHERE tracking_code !~ '^[A-Z0-9]{12}$')::int AS bad_codes
			   FROM incident`,
			[TEST_SEED.now]
		);
		expect(r.total).toBeGreaterThan(1500);
		expect(r.overdue).toBeGreaterThan(0);
		expect(r.late_closed).toBeGreaterThan(0);
		expect(r.late_closed).toBeLessThan(r.total * 0.25);
		expect(r.reworked).toBeGreaterThan(0);
		expect(r.returned).toBeGreaterThan(0);
		expect(r.extended).toBeGreaterThan(0);
		expect(r.rated).toBeGreaterThan(50);
		expect(r.high_ratings / r.rated).toBeGreaterThan(0.6);
		expect(r.contacts).toBeGreaterThan(0);
		expect(r.sources).toBeGreaterThanOrEqual(5);
		expect(r.bad_codes).toBe(0);
	});
});

describe('sensors', () => {
	it('has readings for the last week within each metric range, and alerts with at most one unresolved per sensor and rule', async () => {
		const r = await one<{
			sensors: number;
			readings: number;
			out_of_range: number;
			outside_week: number;
			alerts: number;
			unresolved: number;
			dup_unresolved: number;
			linked: number;
			bad_links: number;
			meters_without_home: number;
		}>(
			db,
			`SELECT (SELECT count(*)::int FROM sensor) AS sensors,
			        (SELECT count(*)::int FROM reading) AS readings,
			        (SELECT count(*)::int FROM reading r JOIN sensor s ON s.id = r.sensor_id
			           JOIN sensor_type t ON t.code = s.type
			           JOIN LATERAL jsonb_to_recordset(t.metrics) AS m(name text, min float8, max float8) ON m.name = r.metric
			          WHERE r.value < m.min OR r.value > m.max) AS out_of_range,
			        (SELECT count(*)::int FROM reading WHERE ts > $1 OR ts < $1::timestamptz - interval '7 days 1 hour') AS outside_week,
			        (SELECT count(*)::int FROM alert) AS alerts,
			        (SELECT count(*)::int FROM alert WHERE state <> 'resolved') AS unresolved,
			        (SELECT count(*)::int FROM (SELECT 1 FROM alert WHERE state <> 'resolved'
			                                     GROUP BY sensor_id, rule_id HAVING count(*) > 1) x) AS dup_unresolved,
			        (SELECT count(*)::int FROM alert WHERE incident_id IS NOT NULL) AS linked,
			        (SELECT count(*)::int FROM alert a JOIN incident i ON i.id = a.incident_id
			          WHERE i.sensor_alert_id IS DISTINCT FROM a.id OR i.source <> 'sensor') AS bad_links,
			        (SELECT count(*)::int FROM sensor s LEFT JOIN household h ON h.id = s.household_id
			          WHERE s.type = 'smart_meter' AND (h.id IS NULL OR NOT h.living_alone)) AS meters_without_home`,
			[TEST_SEED.now]
		);
		expect(r.sensors).toBeGreaterThanOrEqual(40);
		expect(r.readings).toBeGreaterThan(20_000);
		expect(r).toMatchObject({
			out_of_range: 0,
			outside_week: 0,
			dup_unresolved: 0,
			bad_links: 0,
			meters_without_home: 0
		});
		expect(r.alerts).toBeGreaterThan(0);
		expect(r.unresolved).toBeGreaterThan(0);
		expect(r.linked).toBeGreaterThan(0);
	});
});

describe('determinism', () => {
	let again: TestDb | undefined;
	afterAll(async () => {
		await again?.close();
	});

	it(
		'the same seed gives the same content (checksum over every table)',
		async () => {
			again = await testDb({ empty: true });
			const progress: { step: string; detail: Record<string, unknown> }[] = [];
			await seedDemo(again, {
				...TEST_SEED,
				onProgress: (step, detail = {}) => progress.push({ step, detail })
			});
			expect(progress.find((p) => p.step === 'boundary')?.detail).toMatchObject({ repaired: true });
			const a = await one<Record<string, string>>(db, sql('seed/checksum'));
			const b = await one<Record<string, string>>(again, sql('seed/checksum'));
			expect(Object.keys(a).length).toBeGreaterThan(15);
			expect(b).toEqual(a);
		},
		BOOT_MS
	);
});
