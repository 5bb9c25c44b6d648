/**
 * The Open311 service on a real engine (PGlite; PostgreSQL with TEST_DATABASE_URL and the app
 * role, where row-level security binds): services and definitions from the category table; keys
 * stored hashed; POST requests create a case (source open311, protected contact, token) in one
 * transaction or not at all; GET requests show public fields only, the location snapped as on the
 * tracking page, filtered by id, service, window and status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicLocation } from '../../src/lib/domain/permissions';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { keyHash } from '../../src/lib/server/sensors/ingest';
import { Open311Error } from '../../src/lib/server/open311/format';
import {
	parsePostParams,
	parseRequestsQuery,
	type PostParams
} from '../../src/lib/server/open311/params';
import {
	authenticateOpen311Key,
	createRequest,
	getRequest,
	listRequests,
	listServices,
	lookupToken,
	registerOpen311Key,
	serviceDefinition
} from '../../src/lib/server/open311/service';
import { testDb, type TestDb } from '../setup/test-db';

const KEY = 'open311-db-test-key-0001';
const ORIGIN = 'https://jd.example.cn';
let db: TestDb;
let keyId: number;
/** A point inside the district (a seeded case's). */
let inside: { lon: number; lat: number };

async function rejection(p: Promise<unknown>): Promise<Open311Error> {
	const e = await p.then(
		() => null,
		(x: unknown) => x
	);
	if (!(e instanceof Open311Error)) throw new Error(`expected an Open311Error, got ${String(e)}`);
	return e;
}

async function incidentCount(): Promise<number> {
	const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident');
	return r!.n;
}

function post(fields: Record<string, string>): PostParams {
	return parsePostParams(Object.entries(fields));
}

beforeAll(async () => {
	db = await testDb();
	expect(await registerOpen311Key(db, KEY, 'db test')).toBe(true);
	keyId = await authenticateOpen311Key(db, KEY);
	const [p] = await db.query<{ lon: number; lat: number }>(
		'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
	);
	inside = p!;
});
afterAll(async () => {
	await db?.close();
});

describe('services', () => {
	it('lists every subcategory with its major class as the group', async () => {
		const rows = await db.query<{ code: string; name: string; parent: string }>(
			`SELECT c.code, c.name, p.name AS parent FROM category c JOIN category p ON p.code = c.parent_code
			  ORDER BY c.code`
		);
		const services = await listServices(db);
		expect(services.map((s) => s.service_code)).toEqual(rows.map((r) => r.code));
		const rubbish = services.find((s) => s.service_code === '20101')!;
		expect(rubbish).toMatchObject({
			service_name: rows.find((r) => r.code === '20101')!.name,
			group: rows.find((r) => r.code === '20101')!.parent,
			metadata: true,
			type: 'realtime'
		});
		const en = await listServices(db, 'en');
		expect(en.find((s) => s.service_code === '20101')!.service_name).toBe('Exposed rubbish');
	});

	it('defines the attributes; urgent services carry a notice; unknown codes are 404', async () => {
		const d = await serviceDefinition(db, '20101');
		expect(d.service_code).toBe('20101');
		expect(d.attributes.map((a) => [a.code, a.datatype, a.variable, a.required])).toEqual([
			['hazard', 'singlevaluelist', true, false],
			['location_detail', 'string', true, false]
		]);
		expect(d.attributes[0]!.values!.map((v) => v.key)).toEqual(['yes', 'no']);
		const urgent = await serviceDefinition(db, '20501', 'en');
		expect(urgent.attributes[0]).toMatchObject({ code: 'emergency_notice', variable: false });
		expect(urgent.attributes[0]!.description).toMatch(/110/);
		for (const code of ['29999', '201', 'x']) {
			const e = await rejection(serviceDefinition(db, code));
			expect([e.status, e.description]).toEqual([404, 'service_code not found']);
		}
	});
});

describe('API keys', () => {
	it('are stored hashed and refused when missing, unknown or revoked', async () => {
		const [row] = await db.query<{ key_hash: string }>(
			'SELECT key_hash FROM open311_key WHERE id = $1',
			[keyId]
		);
		expect(row!.key_hash).toBe(keyHash(KEY));
		expect(row!.key_hash).not.toContain(KEY);
		expect(await registerOpen311Key(db, KEY)).toBe(false);
		for (const k of [undefined, '', 'not-a-registered-key']) {
			expect((await rejection(authenticateOpen311Key(db, k))).status).toBe(403);
		}
		const revoked = 'open311-revoked-key-0002';
		await registerOpen311Key(db, revoked, 'revoked');
		await db.query('UPDATE open311_key SET revoked_at = now() WHERE key_hash = $1', [
			keyHash(revoked)
		]);
		expect((await rejection(authenticateOpen311Key(db, revoked))).status).toBe(403);
	});
});

describe('POST requests', () => {
	it('creates a case from Open311 with its protected contact, token and media_url', async () => {
		const before = await incidentCount();
		const created = await createRequest(
			db,
			keyId,
			post({
				service_code: '20101',
				lat: String(inside.lat),
				long: String(inside.lon),
				description: '垃圾堆在路口',
				first_name: '张',
				last_name: '三',
				phone: '13800138000',
				email: 'zhang.san@example.cn',
				media_url: 'https://img.example.cn/a.jpg',
				'attribute[hazard]': 'yes',
				'attribute[location_detail]': '3号楼东侧'
			}),
			ORIGIN
		);
		expect(created.service_request_id).toMatch(/^LX\d{8}$/);
		expect(created.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(created.service_notice).toContain(`${ORIGIN}/track/`);
		expect(await incidentCount()).toBe(before + 1);
		const [inc] = await db.query<Record<string, unknown>>(
			`SELECT i.id, i.source, i.state, i.priority, i.description, i.address, i.category_code,
			        r.token, r.media_url, r.key_id
			   FROM incident i JOIN open311_request r ON r.incident_id = i.id WHERE i.number = $1`,
			[created.service_request_id]
		);
		expect(inc).toMatchObject({
			source: 'open311',
			state: 'reported',
			priority: 1,
			description: '垃圾堆在路口',
			address: '3号楼东侧',
			category_code: '20101',
			token: created.token,
			media_url: 'https://img.example.cn/a.jpg',
			key_id: keyId
		});
		const contact = await withSystemRole(db).transaction((tx) =>
			tx.query('SELECT name, phone, email FROM incident_contact WHERE incident_id = $1', [inc!.id])
		);
		expect(contact).toEqual([
			{ name: '张 三', phone: '13800138000', email: 'zhang.san@example.cn' }
		]);
		expect(await lookupToken(db, created.token)).toEqual([
			{ service_request_id: created.service_request_id, token: created.token }
		]);
	});

	it('defaults the description to the service name and priority to normal', async () => {
		const created = await createRequest(
			db,
			keyId,
			post({ service_code: '20402', lat: String(inside.lat), long: String(inside.lon) }),
			ORIGIN
		);
		const [inc] = await db.query<{ description: string; priority: number }>(
			'SELECT description, priority FROM incident WHERE number = $1',
			[created.service_request_id]
		);
		expect(inc).toEqual({ description: '违章停车', priority: 2 });
	});

	it('resolves an address_string naming one community, and refuses any other', async () => {
		const [c] = await db.query<{ code: string; name: string }>(
			`SELECT code, name FROM admin_area a WHERE level = 'community'
			   AND (SELECT count(*) FROM admin_area b WHERE b.level = 'community' AND b.name = a.name) = 1
			 ORDER BY code LIMIT 1`
		);
		const created = await createRequest(
			db,
			keyId,
			post({ service_code: '20101', address_string: c!.name }),
			ORIGIN
		);
		const [inc] = await db.query<{ community: string; address: string }>(
			'SELECT community_code AS community, address FROM incident WHERE number = $1',
			[created.service_request_id]
		);
		expect(inc).toEqual({ community: c!.code, address: c!.name });
		const before = await incidentCount();
		const e = await rejection(
			createRequest(db, keyId, post({ service_code: '20101', address_string: '泉城路1号' }), ORIGIN)
		);
		expect([e.status, e.description]).toEqual([400, 'address_string not supported, send lat/long']);
		expect(await incidentCount()).toBe(before);
	});

	it('refuses bad requests naming the parameter, writing nothing', async () => {
		const before = await incidentCount();
		const at = { lat: String(inside.lat), long: String(inside.lon) };
		const cases: [Record<string, string>, number, RegExp][] = [
			[{ service_code: '29999', ...at }, 404, /^service_code not found$/],
			[{ service_code: '20101' }, 400, /^lat\/long: a location is required/],
			[{ service_code: '20101', lat: at.lat }, 400, /^lat\/long: both/],
			[{ service_code: '20101', lat: '10', long: '10' }, 400, /^lat\/long: .*outside the district/],
			[{ service_code: '20101', ...at, 'attribute[colour]': 'red' }, 400, /^attribute\[colour\]/],
			[{ service_code: '20101', ...at, 'attribute[hazard]': 'maybe' }, 400, /^attribute\[hazard\]/],
			[{ service_code: '20101', ...at, email: 'not-an-email' }, 400, /^email: /],
			[{ service_code: '20101', ...at, phone: 'call me' }, 400, /^phone: /]
		];
		for (const [fields, status, msg] of cases) {
			const e = await rejection(createRequest(db, keyId, post(fields), ORIGIN));
			expect([e.status, e.description], JSON.stringify(fields)).toEqual([
				status,
				expect.stringMatching(msg)
			]);
		}
		expect(await incidentCount()).toBe(before);
	});

	it('rolls the case back when its Open311 link cannot be written', async () => {
		const before = await incidentCount();
		const failed = await createRequest(
			db,
			999_999,
			post({ service_code: '20101', lat: String(inside.lat), long: String(inside.lon) }),
			ORIGIN
		).then(
			() => null,
			(e: unknown) => e
		);
		expect(failed).toBeInstanceOf(Error);
		expect(await incidentCount()).toBe(before);
	});
});

describe('GET requests', () => {
	let end: Date;
	beforeAll(async () => {
		const [r] = await db.query<{ at: Date | string }>(
			'SELECT max(reported_at) AS at FROM incident'
		);
		end = new Date(r!.at);
	});

	it('shows public fields only, the location snapped like the tracking page', async () => {
		const [c] = await db.query<{ id: number; number: string; lon: number; lat: number }>(
			`SELECT id, number, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident
			  WHERE state = 'dispatched' AND description <> '' ORDER BY id LIMIT 1`
		);
		const secrets = await withSystemRole(db).transaction(async (tx) => {
			await tx.query('DELETE FROM incident_contact WHERE incident_id = $1', [c!.id]);
			await tx.query(
				'INSERT INTO incident_contact (incident_id, name, phone, email) VALUES ($1, $2, $3, $4)',
				[c!.id, '李隐私', '13700007777', 'li.private@example.cn']
			);
			const [i] = await tx.query<{ description: string; address: string | null }>(
				'SELECT description, address FROM incident WHERE id = $1',
				[c!.id]
			);
			return ['李隐私', '13700007777', 'li.private@example.cn', i!.description, i!.address];
		});
		const [r] = await getRequest(db, c!.number, { extensions: true, locale: 'zh-CN' });
		const text = JSON.stringify(r);
		for (const s of secrets) if (s) expect(text).not.toContain(s);
		const [lon, lat] = publicLocation(c!.lon, c!.lat);
		expect([r!.long, r!.lat]).toEqual([lon, lat]);
		expect(r).toMatchObject({ service_request_id: c!.number, status: 'open' });
		expect(r!.extended_attributes).toMatchObject({
			detailed_status: 'dispatched',
			public_stage: 'in_progress'
		});
		expect(['blue', 'yellow', 'red', 'overdue', null]).toContain(r!.extended_attributes!.urgency);
		const [plain] = await getRequest(db, c!.number, { extensions: false, locale: 'zh-CN' });
		expect(plain).not.toHaveProperty('extended_attributes');
		expect(
			(await rejection(getRequest(db, 'LX99999999', { extensions: false, locale: 'en' }))).status
		).toBe(404);
		expect((await rejection(getRequest(db, '1', { extensions: false, locale: 'en' }))).status).toBe(
			404
		);
	});

	it('filters by service, window and status, newest first', async () => {
		const start = new Date(end.getTime() - 30 * 24 * 3600 * 1000);
		const q = {
			service_code: '20101',
			status: 'closed',
			start_date: start.toISOString(),
			end_date: end.toISOString()
		};
		const found = await listRequests(db, parseRequestsQuery(q, end), end);
		const [expected] = await db.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM incident WHERE category_code = '20101'
			   AND state IN ('closed', 'rejected', 'merged') AND reported_at BETWEEN $1 AND $2`,
			[start, end]
		);
		expect(found.length).toBe(Math.min(expected!.n, 1000));
		expect(found.length).toBeGreaterThan(0);
		for (const r of found) {
			expect(r.service_code).toBe('20101');
			expect(r.status).toBe('closed');
			expect(r.expected_datetime).toBeNull();
			const t = Date.parse(r.requested_datetime);
			expect(t).toBeGreaterThanOrEqual(start.getTime());
			expect(t).toBeLessThanOrEqual(end.getTime());
		}
		const times = found.map((r) => r.requested_datetime);
		expect([...times].sort().reverse()).toEqual(times);
		const open = await listRequests(db, parseRequestsQuery({ ...q, status: 'open' }, end), end);
		expect(open.every((r) => r.status === 'open')).toBe(true);
		expect(
			(await rejection(listRequests(db, parseRequestsQuery({ service_code: '29999' }, end)))).status
		).toBe(404);
	});

	it('answers a list of ids, other parameters ignored', async () => {
		const rows = await db.query<{ number: string }>(
			'SELECT number FROM incident ORDER BY id LIMIT 3'
		);
		const ids = rows.map((r) => r.number);
		const found = await listRequests(
			db,
			parseRequestsQuery(
				{ service_request_id: [...ids, 'LX99999999'].join(','), status: 'open' },
				end
			)
		);
		expect(found.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
	});

	it('never lists welfare cases (elderly checks, hardship), though they can be reported', async () => {
		const created = await createRequest(
			db,
			keyId,
			post({ service_code: '20701', lat: String(inside.lat), long: String(inside.lon) }),
			ORIGIN
		);
		const [row] = await db.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM incident WHERE category_code LIKE '207%'"
		);
		expect(row!.n).toBeGreaterThan(0);
		const e = await rejection(
			getRequest(db, created.service_request_id, { extensions: true, locale: 'zh-CN' })
		);
		expect(e.status).toBe(404);
		for (const code of ['20701', '20702']) {
			const q = parseRequestsQuery({ service_code: code }, new Date());
			expect(await listRequests(db, q)).toEqual([]);
		}
		const all = await listRequests(db, parseRequestsQuery({}, new Date()));
		expect(all.length).toBeGreaterThan(0);
		expect(all.some((r) => r.service_code.startsWith('207'))).toBe(false);
	});

	it('knows tokens it handed out, and no others', async () => {
		expect((await rejection(lookupToken(db, 'AAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(404);
		expect((await rejection(lookupToken(db, '../x'))).status).toBe(404);
	});
});
