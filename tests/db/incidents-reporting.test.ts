/**
 * The reporting parts of the case service on a real engine: photos stored with the case in the
 * same transaction (and served only in scope), photos on a transition, the routing rule recorded
 * on dispatch and returns counted per rule, and the working calendar read from calendar_day.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { isWorkingDay } from '../../src/lib/domain/calendar';
import type { CaseAction } from '../../src/lib/domain/cases';
import { PermissionError, ScopeError } from '../../src/lib/domain/permissions';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { createUser } from '../../src/lib/server/auth/users';
import {
	invalidateCalendar,
	setCalendarDay,
	workingCalendar
} from '../../src/lib/server/incidents/calendar';
import { denyExtension, listExtensions } from '../../src/lib/server/incidents/extensions';
import { getIncidentPhoto } from '../../src/lib/server/incidents/photos';
import { returnsByRule } from '../../src/lib/server/incidents/returns';
import {
	createIncident,
	getIncident,
	transitionIncident,
	type IncidentDetail
} from '../../src/lib/server/incidents/service';
import { processPhotos } from '../../src/lib/server/reporting/photos';
import { testDb, type TestDb } from '../setup/test-db';

const RUBBISH = '20101';
const HOUR = 3_600_000;
/** Tuesday 24 November 2026, 10:00 China time: a working morning. */
const T0 = new Date('2026-11-24T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: TestDb;
let subA: string;
let subB: string;
let pointA: { lon: number; lat: number };
let department: Actor;

const staff = (role: Actor['role'], scope: Actor['scope'] = 'all', userId: number | null = null) =>
	({ role, scope, userId, username: `t-${role}` }) as Actor;
const supervisor = staff('supervisor');
const operator = staff('operator');
const gridworker = staff('gridworker');
const resident = staff('public', []);

beforeAll(async () => {
	db = await testDb();
	const rows = await db.query<{ code: string; lon: number; lat: number }>(
		`SELECT DISTINCT ON (subdistrict_code) subdistrict_code AS code,
		        ST_X(geom) AS lon, ST_Y(geom) AS lat
		 FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY subdistrict_code, id`
	);
	[subA, subB] = [rows[0]!.code, rows[1]!.code];
	pointA = { lon: rows[0]!.lon, lat: rows[0]!.lat };
	const u = await createUser(db, SYSTEM_ACTOR, {
		username: 'sanitation-clerk-r',
		displayName: 'Sanitation clerk',
		password: 'sanitation-password-1',
		role: 'operator',
		scope: 'all',
		departmentCode: 'sanitation'
	});
	department = staff('operator', 'all', u.id);
}, 120_000);
afterAll(async () => {
	await db?.close();
});

async function move(
	actor: Actor,
	id: number,
	action: CaseAction,
	now: Date,
	extra: Record<string, unknown> = {},
	photos: Awaited<ReturnType<typeof processPhotos>> = []
): Promise<IncidentDetail> {
	const current = await getIncident(db, SYSTEM_ACTOR, id);
	return transitionIncident(
		db,
		actor,
		id,
		{ action, expectedVersion: current.version, ...extra },
		{ now, photos }
	);
}

const gpsJpeg = () =>
	sharp({ create: { width: 120, height: 90, channels: 3, background: '#885533' } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'TestCam' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '36/1 40/1 0/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '117/1 2/1 0/1'
			}
		})
		.toBuffer();

describe('photos', () => {
	it('stores the photos with the case and its first event, without EXIF', async () => {
		const photos = await processPhotos([
			await gpsJpeg(),
			await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
				.png()
				.toBuffer()
		]);
		const created = await createIncident(
			db,
			resident,
			{ category: RUBBISH, ...pointA, description: '垃圾桶满溢' },
			{ now: T0, photos }
		);
		const c = await getIncident(db, supervisor, created.id);
		expect(c.events).toHaveLength(1);
		expect(c.events[0]!.photos).toEqual(photos.map((p) => p.name));

		const stored = await getIncidentPhoto(db, supervisor, created.id, photos[0]!.name);
		expect(stored.mime).toBe('image/jpeg');
		const meta = await sharp(Buffer.from(stored.bytes)).metadata();
		expect(meta.format).toBe('jpeg');
		expect(meta.exif).toBeUndefined();
		expect([meta.width, meta.height]).toEqual([120, 90]);
		expect((await getIncidentPhoto(db, operator, created.id, photos[1]!.name)).mime).toBe(
			'image/png'
		);
	});

	it('keeps nothing when the case is refused (same transaction)', async () => {
		const photos = await processPhotos([await gpsJpeg()]);
		await expect(
			createIncident(
				db,
				resident,
				{ category: RUBBISH, lon: 100, lat: 30, description: '区外' },
				{ now: T0, photos }
			)
		).rejects.toMatchObject({ status: 400, code: 'outside_district' });
		const [r] = await db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM incident_photo WHERE name = $1',
			[photos[0]!.name]
		);
		expect(r!.n).toBe(0);
	});

	it('serves a photo only to roles that may read the case, in their scope', async () => {
		const photos = await processPhotos([await gpsJpeg()]);
		const { id } = await createIncident(
			db,
			resident,
			{ category: RUBBISH, ...pointA, description: '有照片' },
			{ now: T0, photos }
		);
		const name = photos[0]!.name;
		await expect(getIncidentPhoto(db, staff('operator', [subB]), id, name)).rejects.toBeInstanceOf(
			ScopeError
		);
		expect((await getIncidentPhoto(db, staff('operator', [subA]), id, name)).mime).toBe(
			'image/jpeg'
		);
		await expect(getIncidentPhoto(db, resident, id, name)).rejects.toBeInstanceOf(PermissionError);
		await expect(getIncidentPhoto(db, staff('planner'), id, name)).rejects.toBeInstanceOf(
			PermissionError
		);
		// Another case's photo name does not open through this case.
		const other = await createIncident(
			db,
			resident,
			{ category: RUBBISH, ...pointA, description: '无照片' },
			{ now: T0 }
		);
		await expect(getIncidentPhoto(db, supervisor, other.id, name)).rejects.toBeInstanceOf(
			ScopeError
		);
		await expect(getIncidentPhoto(db, supervisor, id, '../etc/passwd')).rejects.toMatchObject({
			status: 400
		});
	});

	it('records photos on a transition (on-site verification with a photo)', async () => {
		const { id } = await createIncident(
			db,
			gridworker,
			{ category: RUBBISH, ...pointA, description: '待核查' },
			{ now: T0 }
		);
		await move(supervisor, id, 'file', at(5 * 60_000));
		await move(operator, id, 'dispatch', at(10 * 60_000), { departments: ['sanitation'] });
		await move(department, id, 'accept', at(HOUR));
		await move(department, id, 'handle', at(2 * HOUR));
		const photos = await processPhotos([await gpsJpeg()]);
		const c = await move(gridworker, id, 'verify', at(3 * HOUR), { note: '已清理' }, photos);
		expect(c.state).toBe('verified');
		expect(c.events.at(-1)).toMatchObject({ action: 'verify', photos: [photos[0]!.name] });
		expect(c.events.slice(0, -1).every((e) => e.photos.length === 0)).toBe(true);
		expect((await getIncidentPhoto(db, gridworker, id, photos[0]!.name)).bytes.byteLength).toBe(
			photos[0]!.bytes.byteLength
		);
	});
});

describe('returns per routing rule', () => {
	it('records the rule that routed a dispatch and counts its returns', async () => {
		// A bad rule: rubbish in subdistrict A goes to the parks department.
		const [rule] = await db.query<{ id: number }>(
			`INSERT INTO routing_rule (category_code, area_code, department_code, priority)
			 VALUES ($1, $2, 'gardens', 1) RETURNING id`,
			[RUBBISH, subA]
		);
		const gardens = await createUser(db, SYSTEM_ACTOR, {
			username: 'gardens-clerk-r',
			displayName: 'Gardens clerk',
			password: 'gardens-password-1',
			role: 'operator',
			scope: 'all',
			departmentCode: 'gardens'
		});
		const gardener = staff('operator', 'all', gardens.id);
		const start = at(-HOUR);
		for (let k = 0; k < 2; k++) {
			const { id } = await createIncident(
				db,
				gridworker,
				{ category: RUBBISH, ...pointA, description: `错派 ${k}` },
				{ now: T0 }
			);
			await move(supervisor, id, 'file', at(5 * 60_000));
			let c = await move(operator, id, 'dispatch', at(10 * 60_000));
			expect(c.departmentCode).toBe('gardens');
			const [ev] = await db.query<{ rule: number | null }>(
				`SELECT routing_rule_id AS rule FROM incident_event
				  WHERE incident_id = $1 AND action = 'dispatch'`,
				[id]
			);
			expect(ev!.rule).toBe(rule!.id);
			c = await move(gardener, id, 'return', at(HOUR), { reason: '非本单位职责' });
			expect(c.state).toBe('returned');
			// Re-routed by hand: no rule on that dispatch.
			c = await move(operator, id, 'reroute', at(2 * HOUR), { departments: ['sanitation'] });
			expect(c.departmentCode).toBe('sanitation');
		}

		const report = await returnsByRule(db, operator, {
			from: start.toISOString(),
			to: at(3 * HOUR).toISOString()
		});
		const bad = report.rules.find((r) => r.ruleId === rule!.id);
		expect(bad).toMatchObject({
			departmentCode: 'gardens',
			categoryCode: RUBBISH,
			areaCode: subA,
			dispatches: 2,
			returns: 2,
			returnRate: 1
		});
		expect(report.rules[0]!.ruleId).toBe(rule!.id);
		const manual = report.rules.find((r) => r.ruleId === null);
		// The two hand re-routes (and the earlier tests' hand dispatches) returned nothing.
		expect(manual!.returns).toBe(0);
		expect(manual!.dispatches).toBeGreaterThanOrEqual(2);

		// Scope: a supervisor of another subdistrict sees none of it.
		const other = await returnsByRule(db, staff('supervisor', [subB]), {
			from: start.toISOString(),
			to: at(3 * HOUR).toISOString()
		});
		expect(other.rules.find((r) => r.ruleId === rule!.id)).toBeUndefined();
		await db.query('DELETE FROM routing_rule WHERE id = $1', [rule!.id]);
	});

	it('is for command and supervision only, and checks its window', async () => {
		await expect(returnsByRule(db, staff('leader'), {})).rejects.toBeInstanceOf(PermissionError);
		await expect(returnsByRule(db, gridworker, {})).rejects.toBeInstanceOf(PermissionError);
		await expect(returnsByRule(db, resident, {})).rejects.toMatchObject({ status: 401 });
		await expect(
			returnsByRule(db, operator, { from: '2026-01-02', to: '2026-01-01' })
		).rejects.toMatchObject({ status: 400, message: /^from:/ });
		await expect(returnsByRule(db, operator, { subdistrict: 'x' })).rejects.toThrow(/subdistrict/);
		await expect(returnsByRule(db, operator, { extra: 1 })).rejects.toThrow();
	});
});

describe('extension requests', () => {
	it('keeps real rows: request → deny → request → approve (deadline moved), lapse on a move', async () => {
		const { id } = await createIncident(
			db,
			gridworker,
			{ category: RUBBISH, ...pointA, description: '需延期' },
			{ now: T0 }
		);
		await move(supervisor, id, 'file', at(5 * 60_000));
		await move(operator, id, 'dispatch', at(10 * 60_000), { departments: ['sanitation'] });
		await move(department, id, 'accept', at(HOUR));
		await move(department, id, 'request_extension', at(2 * HOUR), { reason: '需协调多个部门' });
		let rows = await listExtensions(db, operator, id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			state: 'pending',
			department: 'sanitation',
			reason: '需协调多个部门',
			amount: 1,
			unit: 'days',
			requestedBy: department.userId
		});
		await expect(
			move(department, id, 'request_extension', at(2.5 * HOUR), { reason: '再次申请' })
		).rejects.toMatchObject({ status: 409 });

		// Supervision does not decide extensions (the case table gives it to command).
		await expect(denyExtension(db, supervisor, id, { reason: '不同意' })).rejects.toBeInstanceOf(
			PermissionError
		);
		await expect(
			denyExtension(db, staff('operator', [subB]), id, { reason: '不同意' })
		).rejects.toBeInstanceOf(ScopeError);
		const denied = await denyExtension(db, operator, id, { reason: '时限内可完成' });
		expect(denied).toMatchObject({ state: 'denied', decisionNote: '时限内可完成' });
		const before = await getIncident(db, SYSTEM_ACTOR, id);
		await expect(move(operator, id, 'approve_extension', at(3 * HOUR))).rejects.toMatchObject({
			status: 409
		});
		await expect(denyExtension(db, operator, id, { reason: '再拒' })).rejects.toMatchObject({
			status: 409
		});

		await move(department, id, 'request_extension', at(4 * HOUR), { reason: '材料未到' });
		const c = await move(operator, id, 'approve_extension', at(5 * HOUR), { note: '同意延期一天' });
		expect(c.extended).toBe(true);
		expect(c.deadlineAt! > before.deadlineAt!).toBe(true);
		rows = await listExtensions(db, operator, id);
		expect(rows.map((r) => r.state)).toEqual(['denied', 'approved']);
		expect(rows[1]).toMatchObject({ decisionNote: '同意延期一天' });

		// A request the case moves past lapses.
		await move(department, id, 'request_extension', at(6 * HOUR), { reason: '还需一天' });
		await move(department, id, 'handle', at(7 * HOUR));
		rows = await listExtensions(db, operator, id);
		expect(rows.at(-1)).toMatchObject({ state: 'denied', decidedBy: null });
		expect(rows.at(-1)!.decisionNote).toMatch(/lapsed/);
		await expect(listExtensions(db, staff('operator', [subB]), id)).rejects.toBeInstanceOf(
			ScopeError
		);
	});
});

describe('working calendar from calendar_day', () => {
	it('reads holidays and make-up days from the table, cached and invalidated on change', async () => {
		// Wednesday 2 December 2026 is an ordinary working day; Saturday 5 December is not.
		const cal0 = await workingCalendar(db);
		expect(isWorkingDay('2026-12-02', cal0)).toBe(true);
		expect(isWorkingDay('2026-12-05', cal0)).toBe(false);
		expect(await workingCalendar(db)).toBe(cal0);

		const admin = staff('admin');
		await expect(
			setCalendarDay(db, operator, { day: '2026-12-02', working: false })
		).rejects.toBeInstanceOf(PermissionError);
		await setCalendarDay(db, admin, { day: '2026-12-02', working: false, note: '区定假日' });
		await setCalendarDay(db, admin, { day: '2026-12-05', working: true, note: '调休' });
		const cal1 = await workingCalendar(db);
		expect(cal1).not.toBe(cal0);
		expect(isWorkingDay('2026-12-02', cal1)).toBe(false);
		expect(isWorkingDay('2026-12-05', cal1)).toBe(true);
		await expect(setCalendarDay(db, admin, { day: '2026-02-30', working: false })).rejects.toThrow(
			/date/
		);

		// A case dispatched on Tuesday 1 December at 17:02 with a 1-working-day limit is due at
		// the same time on Thursday: the declared holiday on Wednesday does not count.
		const { id } = await createIncident(
			db,
			gridworker,
			{ category: RUBBISH, ...pointA, description: '假日前' },
			{ now: new Date('2026-12-01T09:00:00Z') }
		);
		await move(supervisor, id, 'file', new Date('2026-12-01T09:01:00Z'));
		const c = await move(operator, id, 'dispatch', new Date('2026-12-01T09:02:00Z'), {
			departments: ['sanitation']
		});
		expect(c.deadlineAt).toBe('2026-12-03T09:02:00.000Z');
		expect(isWorkingDay(new Date(c.deadlineAt!), cal1)).toBe(true);

		await db.query("DELETE FROM calendar_day WHERE day IN ('2026-12-02', '2026-12-05')");
		invalidateCalendar(db);
		expect(isWorkingDay('2026-12-02', await workingCalendar(db))).toBe(true);
	});
});
