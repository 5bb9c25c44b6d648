/**
 * A hand-built fixture for the indicator SQL: three subdistricts (A with cases, B with one urgent
 * overdue case, C with none), one community each, two grid cells, one meal point, and cases with
 * known timestamps around the period P = [2026-11-02, 2026-11-09) China time. The expected counts
 * are worked out by hand in tests/db/indicators.test.ts.
 */
import type { Queryable } from '../../src/lib/server/db';

export const A = '370102001000';
export const A1 = '370102001001';
export const B = '370102002000';
export const B1 = '370102002001';
export const C = '370102003000';
export const C1 = '370102003001';

const square = (x0: number, y0: number, d = 0.01) =>
	`SRID=4326;MULTIPOLYGON(((${x0} ${y0},${x0 + d} ${y0},${x0 + d} ${y0 + d},${x0} ${y0 + d},${x0} ${y0})))`;

const LIMITS = JSON.stringify({
	filing: { amount: 30, unit: 'minutes' },
	handling: { amount: 1, unit: 'days' },
	verification: { amount: 1, unit: 'hours' }
});

/** China time → timestamptz text. */
export const t = (s: string) => `${s}+08:00`;

export interface CaseSpec {
	area: 'A' | 'B';
	category?: string;
	state: string;
	reported: string;
	filed?: string;
	dispatched?: string;
	responded?: string;
	handled?: string;
	closed?: string;
	due?: string;
	deadline?: string;
	onTime?: boolean;
	rework?: number;
	extended?: boolean;
	rating?: number;
	rated?: string;
}

let tracking = 0;

export async function insertCase(db: Queryable, c: CaseSpec): Promise<number> {
	const [lon, lat] = c.area === 'A' ? [117.005, 36.605] : [117.025, 36.605];
	const ts = (v?: string) => (v ? t(v) : null);
	const [row] = await db.query<{ id: number }>(
		`INSERT INTO incident (tracking_code, category_code, source, state, geom, reported_at, filed_at,
		   dispatched_at, responded_at, handled_at, closed_at, due_at, deadline_at, closed_on_time,
		   rework_count, extended, rating, rated_at)
		 VALUES ($1, $2, 'hotline', $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, $10,
		   $11, $12, $13, $14, $15, $16, $17, $18)
		 RETURNING id::int AS id`,
		[
			`FIX${String(++tracking).padStart(8, '0')}`,
			c.category ?? '20101',
			c.state,
			lon,
			lat,
			t(c.reported),
			ts(c.filed),
			ts(c.dispatched),
			ts(c.responded),
			ts(c.handled),
			ts(c.closed),
			ts(c.due),
			ts(c.deadline),
			c.onTime ?? null,
			c.rework ?? 0,
			c.extended ?? false,
			c.rating ?? null,
			ts(c.rated)
		]
	);
	return row!.id;
}

/** The areas, categories, cells, meal point and the cases of the fixture. */
export async function buildFixture(db: Queryable): Promise<Record<string, number>> {
	await db.query(
		`INSERT INTO admin_area (code, level, parent_code, name, name_en, staff_count, geom) VALUES
		 ('370102000000', 'district', NULL, '测试区', 'Test District', NULL, $1),
		 ($2, 'subdistrict', '370102000000', '甲街道', 'A Subdistrict', 2, $3),
		 ($4, 'subdistrict', '370102000000', '乙街道', 'B Subdistrict', NULL, $5),
		 ($6, 'subdistrict', '370102000000', '丙街道', 'C Subdistrict', 0, $7)`,
		[
			'SRID=4326;MULTIPOLYGON(((117 36.6,117.05 36.6,117.05 36.61,117 36.61,117 36.6)))',
			A,
			square(117, 36.6),
			B,
			square(117.02, 36.6),
			C,
			square(117.04, 36.6)
		]
	);
	await db.query(
		`INSERT INTO admin_area (code, level, parent_code, name, name_en, geom) VALUES
		 ($1, 'community', $2, '甲一社区', 'A1', $3), ($4, 'community', $5, '乙一社区', 'B1', $6),
		 ($7, 'community', $8, '丙一社区', 'C1', $9)`,
		[A1, A, square(117, 36.6), B1, B, square(117.02, 36.6), C1, C, square(117.04, 36.6)]
	);
	await db.query(
		`INSERT INTO category (code, parent_code, kind, name, name_en, limits, urgent) VALUES
		 ('201', NULL, 'event', '市容环境', 'City appearance', NULL, false),
		 ('205', NULL, 'event', '突发事件', 'Emergencies', NULL, false),
		 ('20101', '201', 'event', '暴露垃圾', 'Exposed rubbish', $1, false),
		 ('20501', '205', 'event', '道路塌陷', 'Road collapse', $1, true)`,
		[LIMITS]
	);
	await db.query(
		`INSERT INTO grid_cell (code, community_code, subdistrict_code, residents, aged60, geom, centroid)
		 VALUES ('37010200100101', $1, $2, 1000, 200, $3, ST_SetSRID(ST_MakePoint(117.005, 36.605), 4326)),
		        ('37010200200101', $4, $5, 500, 100, $6, ST_SetSRID(ST_MakePoint(117.025, 36.605), 4326))`,
		[A1, A, square(117, 36.6), B1, B, square(117.02, 36.6)]
	);
	// 200 m east of A's centroid: within 500 m walking (385 m straight); B is 1.6 km away.
	await db.query(
		`INSERT INTO service_point (type, name, status, geom)
		 VALUES ('meal', '甲助餐点', 'active', ST_SetSRID(ST_MakePoint(117.00724, 36.605), 4326)),
		        ('meal', '规划点', 'planned', ST_SetSRID(ST_MakePoint(117.025, 36.6051), 4326))`
	);
	const ids: Record<string, number> = {};
	ids.a1 = await insertCase(db, {
		area: 'A',
		state: 'closed',
		reported: '2026-11-03 09:00',
		filed: '2026-11-03 09:10',
		dispatched: '2026-11-03 09:20',
		responded: '2026-11-03 10:00',
		handled: '2026-11-03 15:00',
		closed: '2026-11-03 17:00',
		due: '2026-11-04 09:20',
		onTime: true,
		rating: 5,
		rated: '2026-11-03 18:00'
	});
	ids.a2 = await insertCase(db, {
		area: 'A',
		state: 'closed',
		reported: '2026-11-04 09:00',
		filed: '2026-11-04 09:10',
		dispatched: '2026-11-04 10:00',
		// 49 h after the report: past the 24 h response limit
		responded: '2026-11-06 10:00',
		handled: '2026-11-07 10:00',
		closed: '2026-11-07 12:00',
		due: '2026-11-05 10:00',
		onTime: false,
		rework: 1,
		extended: true,
		rating: 2,
		rated: '2026-11-07 13:00'
	});
	ids.a3 = await insertCase(db, {
		area: 'A',
		state: 'filed',
		reported: '2026-11-05 09:00',
		filed: '2026-11-05 09:10'
	});
	ids.a4 = await insertCase(db, { area: 'A', state: 'rejected', reported: '2026-11-06 09:00' });
	ids.a5 = await insertCase(db, { area: 'A', state: 'merged', reported: '2026-11-06 10:00' });
	// Reported in the previous period, due in P, closed after P ended.
	ids.a6 = await insertCase(db, {
		area: 'A',
		state: 'closed',
		reported: '2026-10-28 09:00',
		filed: '2026-10-28 09:10',
		dispatched: '2026-10-28 10:00',
		responded: '2026-10-28 11:00',
		handled: '2026-11-02 11:00',
		closed: '2026-11-09 10:00',
		due: '2026-11-02 12:00',
		onTime: true
	});
	// The last second of P, and the first instant after it.
	ids.a7 = await insertCase(db, { area: 'A', state: 'reported', reported: '2026-11-08 23:59:59' });
	ids.a8 = await insertCase(db, { area: 'A', state: 'reported', reported: '2026-11-09 00:00:00' });
	// B: urgent, open, handling deadline 12:00 on 3 November.
	ids.b1 = await insertCase(db, {
		area: 'B',
		category: '20501',
		state: 'in_progress',
		reported: '2026-11-03 10:00',
		filed: '2026-11-03 10:05',
		dispatched: '2026-11-03 10:30',
		responded: '2026-11-03 10:40',
		due: '2026-11-03 12:00',
		deadline: '2026-11-03 12:00'
	});
	return ids;
}
