/**
 * Accounts, sessions, throttling, scoped personal data and the audit log, on a real engine
 * (PGlite; PostgreSQL too in CI, where the app role is not a superuser and row-level security
 * is live).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { DbError } from '../../src/lib/server/db/types';
import { testDb, type TestDb } from '../setup/test-db';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { signIn } from '../../src/lib/server/auth/login';
import { hashToken, resolveSession, sessionCookie } from '../../src/lib/server/auth/session';
import { createUser, resetPassword, updateUser, listUsers } from '../../src/lib/server/auth/users';
import { createDemoUsers, SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { listHouseholds, readIncidentContact } from '../../src/lib/server/auth/personal';
import { listAudit } from '../../src/lib/server/auth/audit';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { assertSafeDbRole, ensureFirstAdmin } from '../../src/lib/server/auth/bootstrap';
import { PermissionError, ScopeError } from '../../src/lib/domain/permissions';
import { ANONYMOUS, type Actor } from '../../src/lib/domain/actor';

const cfg = loadConfig({
	LOGIN_DELAY_MS: '0',
	LOGIN_MAX_FAILURES_ACCOUNT: '5',
	LOGIN_MAX_FAILURES_CLIENT: '8'
});
const PASSWORD = 'correct-horse-battery';
const T0 = new Date('2026-11-20T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

let db: TestDb;
let subA: string;
let subB: string;
let incidentA: number;
let incidentB: number;
let cellA: number;
let cellB: number;
const CANARY_B = ['CANARY-B-张三-13900000000', 'canary-b@example.cn', 'CANARY-B-ADDR-幸福路1号'];
const CANARY_A = ['CANARY-A-李四', 'CANARY-A-ADDR-和平路2号'];

/** A query that sees every row (row-level security 'system' on PostgreSQL). */
function systemQuery<T extends Record<string, unknown>>(text: string): Promise<T[]> {
	return withSystemRole(db).transaction((tx) => tx.query<T>(text));
}
const auditCount = async () =>
	(await systemQuery<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;

async function login(username: string, password = PASSWORD, client = '10.0.0.1', now = T0) {
	return signIn(db, cfg, { username, password }, { client, userAgent: 'vitest' }, now);
}

async function actorOf(username: string): Promise<Actor> {
	const r = await login(username, PASSWORD, `198.51.100.${Math.floor(Math.random() * 200)}`);
	if (!r.ok) throw new Error(`cannot sign in ${username}`);
	return r.actor;
}

beforeAll(async () => {
	db = await testDb();
	await createDemoUsers(db, PASSWORD);
	const subs = await db.query<{ code: string }>(
		"SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code"
	);
	subA = subs[0]!.code;
	subB = subs[1]!.code;
	const pick = async (sub: string) => {
		const [i] = await db.query<{ id: number; grid_cell_id: number }>(
			'SELECT id, grid_cell_id FROM incident WHERE subdistrict_code = $1 AND grid_cell_id IS NOT NULL ORDER BY id LIMIT 1',
			[sub]
		);
		return i!;
	};
	const a = await pick(subA);
	const b = await pick(subB);
	incidentA = a.id;
	incidentB = b.id;
	cellA = a.grid_cell_id;
	cellB = b.grid_cell_id;
	await withSystemRole(db).transaction(async (tx) => {
		for (const [id, name] of [
			[incidentA, CANARY_A[0]],
			[incidentB, CANARY_B[0]]
		] as const) {
			await tx.query('DELETE FROM incident_contact WHERE incident_id = $1', [id]);
			await tx.query(
				'INSERT INTO incident_contact (incident_id, name, phone, email) VALUES ($1, $2, $3, $4)',
				[id, name, '13900000000', id === incidentB ? CANARY_B[1] : null]
			);
		}
		await tx.query(
			`INSERT INTO household (grid_cell_id, subdistrict_code, head_name, phone, address, living_alone, aged)
			 VALUES ($1, $2, $3, '13911112222', $4, true, 81), ($5, $6, $7, '13933334444', $8, true, 85)`,
			[cellA, subA, CANARY_A[0], CANARY_A[1], cellB, subB, CANARY_B[0], CANARY_B[2]]
		);
	});
	// Scoped staff of subdistrict A.
	for (const [username, role] of [
		['op-a', 'operator'],
		['sup-a', 'supervisor'],
		['gw-a', 'gridworker']
	] as const) {
		await createUser(db, SYSTEM_ACTOR, {
			username,
			displayName: username,
			password: PASSWORD,
			role,
			scope: [subA]
		});
	}
	const [gw] = await db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'gw-a'");
	await db.query('UPDATE grid_cell SET grid_worker_id = $1 WHERE id = $2', [gw!.id, cellA]);
});
afterAll(async () => {
	await db?.close();
});

describe('passwords', () => {
	it('hashes with argon2id and verifies', async () => {
		const h = await hashPassword('s3cret-password');
		expect(h.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(h, 's3cret-password')).toBe(true);
		expect(await verifyPassword(h, 'wrong')).toBe(false);
		expect(await verifyPassword(null, 'anything')).toBe(false);
		expect(await verifyPassword('garbage', 'anything')).toBe(false);
	});
});

describe('demo users', () => {
	it('creates one account per role and a leader per subdistrict; the grid worker has a cell', async () => {
		const rows = await db.query<{ username: string; role: string; scope: string[] | null }>(
			"SELECT username, role, scope FROM app_user WHERE username LIKE 'demo-%' ORDER BY username"
		);
		const names = rows.map((r) => r.username);
		for (const n of [
			'demo-operator',
			'demo-supervisor',
			'demo-planner',
			'demo-leader',
			'demo-admin',
			'demo-gridworker'
		]) {
			expect(names).toContain(n);
		}
		const subs = await db.query<{ code: string }>(
			"SELECT code FROM admin_area WHERE level = 'subdistrict'"
		);
		for (const s of subs) {
			expect(rows.find((r) => r.username === `demo-leader-${s.code}`)).toMatchObject({
				role: 'leader',
				scope: [s.code]
			});
		}
		const [cell] = await db.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM grid_cell g JOIN app_user u ON u.id = g.grid_worker_id WHERE u.username = 'demo-gridworker'"
		);
		expect(cell!.n).toBe(1);
	});
});

describe('sign-in and sessions', () => {
	it('signs in, stores only the token hash, and resolves the actor', async () => {
		const r = await login('demo-operator');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM session');
		expect(stored.some((s) => s.token_hash === r.token)).toBe(false);
		expect(stored.some((s) => s.token_hash === hashToken(r.token))).toBe(true);
		const s = await resolveSession(db, cfg, r.token, at(MIN));
		expect(s?.actor).toMatchObject({ username: 'demo-operator', role: 'operator', scope: 'all' });
	});

	it('refuses wrong passwords, unknown users and disabled accounts alike', async () => {
		expect(await login('demo-planner', 'wrong-password', '10.9.0.1')).toEqual({
			ok: false,
			status: 401
		});
		expect(await login('nobody-here', PASSWORD, '10.9.0.2')).toEqual({ ok: false, status: 401 });
	});

	it('rotates: signing in again from the same browser deletes the old session', async () => {
		const first = await login('demo-planner', PASSWORD, '10.1.0.1');
		if (!first.ok) throw new Error('sign-in failed');
		const second = await signIn(
			db,
			cfg,
			{ username: 'demo-planner', password: PASSWORD },
			{
				client: '10.1.0.1',
				userAgent: null,
				previousToken: first.token
			},
			T0
		);
		if (!second.ok) throw new Error('sign-in failed');
		expect(second.token).not.toBe(first.token);
		expect(await resolveSession(db, cfg, first.token, T0)).toBeNull();
		expect(await resolveSession(db, cfg, second.token, T0)).not.toBeNull();
	});

	it('expires after the idle time-out and deletes the row', async () => {
		const r = await login('demo-leader', PASSWORD, '10.2.0.1');
		if (!r.ok) throw new Error('sign-in failed');
		expect(await resolveSession(db, cfg, r.token, at(29 * MIN))).not.toBeNull();
		// 29 min later again: last_seen slid forward, so still alive at 58 min.
		expect(await resolveSession(db, cfg, r.token, at(58 * MIN))).not.toBeNull();
		expect(await resolveSession(db, cfg, r.token, at(58 * MIN + 30 * MIN))).toBeNull();
		const rows = await db.query('SELECT 1 FROM session WHERE token_hash = $1', [
			hashToken(r.token)
		]);
		expect(rows).toHaveLength(0);
	});

	it('expires at the absolute time-out however active the user is', async () => {
		const r = await login('demo-supervisor', PASSWORD, '10.3.0.1');
		if (!r.ok) throw new Error('sign-in failed');
		let alive = true;
		let t = 0;
		while (alive && t < 13 * 60 * MIN) {
			t += 20 * MIN;
			alive = (await resolveSession(db, cfg, r.token, at(t))) !== null;
		}
		expect(alive).toBe(false);
		expect(t).toBeGreaterThanOrEqual(12 * 60 * MIN);
		expect(t).toBeLessThanOrEqual(12 * 60 * MIN + 20 * MIN);
	});

	it('ignores malformed tokens without a query error', async () => {
		for (const t of ['', 'x', "' OR 1=1 --", 'a'.repeat(43) + '=', '€'.repeat(43)]) {
			expect(await resolveSession(db, cfg, t, T0)).toBeNull();
		}
	});

	it('disabling a user ends their sessions at once; a password reset too', async () => {
		const admin = await actorOf('demo-admin');
		const u = await createUser(db, admin, {
			username: 'temp-op',
			displayName: 'Temp',
			password: PASSWORD,
			role: 'operator',
			scope: 'all'
		});
		const r = await login('temp-op', PASSWORD, '10.4.0.1');
		if (!r.ok) throw new Error('sign-in failed');
		await updateUser(db, admin, u.id, { disabled: true });
		expect(await resolveSession(db, cfg, r.token, T0)).toBeNull();
		expect((await login('temp-op', PASSWORD, '10.4.0.1')).ok).toBe(false);
		await updateUser(db, admin, u.id, { disabled: false });
		const r2 = await login('temp-op', PASSWORD, '10.4.0.1');
		if (!r2.ok) throw new Error('sign-in failed');
		await resetPassword(db, admin, u.id, 'another-long-password');
		expect(await resolveSession(db, cfg, r2.token, T0)).toBeNull();
		expect((await login('temp-op', 'another-long-password', '10.4.0.1')).ok).toBe(true);
	});

	it('will not demote or disable the last enabled admin', async () => {
		const admin = await actorOf('demo-admin');
		const [me] = await db.query<{ id: number }>(
			"SELECT id FROM app_user WHERE username = 'demo-admin'"
		);
		await expect(updateUser(db, admin, me!.id, { disabled: true })).rejects.toThrow(
			/last enabled admin/
		);
	});

	it('only admins manage users; a scoped admin only inside their scope', async () => {
		await expect(listUsers(db, ANONYMOUS)).rejects.toBeInstanceOf(PermissionError);
		await expect(listUsers(db, await actorOf('demo-leader'))).rejects.toMatchObject({
			status: 403
		});
		const scopedAdmin: Actor = { role: 'admin', scope: [subA], userId: 1, username: 'x' };
		await expect(
			createUser(db, scopedAdmin, {
				username: 'sneaky',
				displayName: 's',
				password: PASSWORD,
				role: 'operator',
				scope: 'all'
			})
		).rejects.toMatchObject({ status: 403 });
		const visible = await listUsers(db, scopedAdmin);
		expect(visible.every((u) => u.scope !== 'all' && u.scope.every((c) => c === subA))).toBe(true);
	});

	it('cookie: __Host- + Secure on https and remote hosts; plain name without Secure on http localhost', () => {
		expect(sessionCookie(new URL('https://jiedao.example.cn/x'))).toEqual({
			name: '__Host-jiedao_session',
			options: { path: '/', httpOnly: true, secure: true, sameSite: 'lax' }
		});
		for (const h of ['http://localhost:3000/', 'http://127.0.0.1:5173/']) {
			expect(sessionCookie(new URL(h))).toMatchObject({
				name: 'jiedao_session',
				options: { secure: false }
			});
		}
		expect(sessionCookie(new URL('http://192.168.1.5/')).name).toBe('__Host-jiedao_session');
	});
});

describe('throttling', () => {
	it('per account: slowed after a few failures, refused with Retry-After at the maximum', async () => {
		const slow = loadConfig({
			LOGIN_DELAY_MS: '40',
			LOGIN_SLOW_AFTER: '2',
			LOGIN_MAX_FAILURES_ACCOUNT: '4'
		});
		const attempt = (client: string, now: Date, password = 'bad-password') =>
			signIn(db, slow, { username: 'demo-planner', password }, { client, userAgent: null }, now);
		const t = at(2 * 60 * MIN);
		for (let i = 0; i < 4; i++)
			expect(await attempt(`172.16.0.${i}`, t)).toMatchObject({ status: 401 });
		const refused = await attempt('172.16.9.9', t, PASSWORD);
		expect(refused).toMatchObject({ ok: false, status: 429 });
		expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
		// After the window the account may try again (and the right password works).
		expect((await attempt('172.16.9.9', at(2 * 60 * MIN + 16 * MIN), PASSWORD)).ok).toBe(true);
	});

	it('delays attempts past LOGIN_SLOW_AFTER', async () => {
		const slow = loadConfig({
			LOGIN_DELAY_MS: '150',
			LOGIN_SLOW_AFTER: '1',
			LOGIN_MAX_FAILURES_ACCOUNT: '9'
		});
		const t = at(5 * 60 * MIN);
		const go = () =>
			signIn(
				db,
				slow,
				{ username: 'demo-leader', password: 'nope-nope' },
				{ client: '172.17.0.1', userAgent: null },
				t
			);
		await go();
		const t0 = performance.now();
		await go();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('per client: many usernames from one address are refused too', async () => {
		const t = at(8 * 60 * MIN);
		for (let i = 0; i < 8; i++) {
			await signIn(
				db,
				cfg,
				{ username: `guess${i}`, password: 'x-x-x-x' },
				{ client: '203.0.113.7', userAgent: null },
				t
			);
		}
		const r = await signIn(
			db,
			cfg,
			{ username: 'demo-admin', password: PASSWORD },
			{ client: '203.0.113.7', userAgent: null },
			t
		);
		expect(r).toMatchObject({ ok: false, status: 429 });
		// Another client is unaffected.
		const ok = await signIn(
			db,
			cfg,
			{ username: 'demo-admin', password: PASSWORD },
			{ client: '203.0.113.8', userAgent: null },
			t
		);
		expect(ok.ok).toBe(true);
	});

	it('never stores a password in login_attempt', async () => {
		const rows = await db.query<{ username: string | null; client: string | null }>(
			'SELECT username, client FROM login_attempt'
		);
		const text = JSON.stringify(rows);
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toContain('bad-password');
	});
});

describe('personal data: scope, roles, audit', () => {
	it('an operator of A reads A contacts and households, never B; each read is audited', async () => {
		const op = await actorOf('op-a');
		const before = await auditCount();
		const c = await readIncidentContact(db, op, incidentA, '10.5.0.1');
		expect(c.name).toBe(CANARY_A[0]);
		await expect(readIncidentContact(db, op, incidentB, '10.5.0.1')).rejects.toBeInstanceOf(
			ScopeError
		);
		const hh = await listHouseholds(db, op, {}, '10.5.0.1');
		const text = JSON.stringify(hh);
		expect(text).toContain(CANARY_A[1]);
		for (const canary of CANARY_B) expect(text).not.toContain(canary);
		const after = await auditCount();
		expect(after - before).toBe(2); // the refused read leaves no row: it read nothing
	});

	it('leaders (scoped or not), planners and the public never read personal data', async () => {
		for (const u of [`demo-leader-${subA}`, 'demo-leader', 'demo-planner']) {
			const a = await actorOf(u);
			await expect(readIncidentContact(db, a, incidentA, null)).rejects.toMatchObject({
				status: 403
			});
			await expect(listHouseholds(db, a, {}, null)).rejects.toMatchObject({ status: 403 });
		}
		await expect(readIncidentContact(db, ANONYMOUS, incidentA, null)).rejects.toMatchObject({
			status: 401
		});
		await expect(listHouseholds(db, ANONYMOUS, {}, null)).rejects.toMatchObject({ status: 401 });
	});

	it('a grid worker reads only their own grid cells', async () => {
		const gw = await actorOf('gw-a');
		const hh = await listHouseholds(db, gw, {}, null);
		expect(hh.length).toBeGreaterThan(0);
		expect(hh.every((h) => h.gridCellId === cellA)).toBe(true);
		expect((await readIncidentContact(db, gw, incidentA, null)).name).toBe(CANARY_A[0]);
		await expect(readIncidentContact(db, gw, incidentB, null)).rejects.toBeInstanceOf(ScopeError);
	});

	it('the audit log says who, what, when and why — without the data', async () => {
		const admin = await actorOf('demo-admin');
		const entries = await listAudit(db, admin, 1000);
		const reads = entries.filter(
			(e) => e.subjectKind === 'incident_contact' || e.subjectKind === 'household'
		);
		expect(reads.length).toBeGreaterThan(0);
		expect(reads[0]).toMatchObject({
			username: expect.any(String),
			role: expect.any(String),
			scopeReason: expect.stringMatching(/scope=/)
		});
		const all = JSON.stringify(await systemQuery('SELECT * FROM audit_log'));
		expect(all).toContain('incident_contact');
		for (const canary of [...CANARY_A, ...CANARY_B, '13900000000'])
			expect(all).not.toContain(canary);
		await expect(listAudit(db, await actorOf('demo-leader'))).rejects.toMatchObject({
			status: 403
		});
	});

	it('the audit log is append-only', async () => {
		const n = await auditCount();
		expect(n).toBeGreaterThan(0);
		// The trigger refuses (PGlite, a superuser); for the app role on PostgreSQL no UPDATE or
		// DELETE policy exists, so no row is even visible to change. Either way nothing changes.
		for (const stmt of ["UPDATE audit_log SET username = 'x'", 'DELETE FROM audit_log']) {
			await systemQuery(stmt).catch((e: unknown) => {
				expect(e).toBeInstanceOf(DbError);
				expect((e as DbError).code).toBe('42501');
			});
		}
		expect(await auditCount()).toBe(n);
		expect(await systemQuery("SELECT 1 FROM audit_log WHERE username = 'x'")).toHaveLength(0);
	});
});

describe('PostgreSQL second wall', () => {
	const isPostgres = () => db.engine === 'postgres';

	it('start-up refuses a superuser / BYPASSRLS role unless DB_ALLOW_SUPERUSER', async () => {
		if (!isPostgres()) {
			await expect(assertSafeDbRole(db, { DB_ALLOW_SUPERUSER: false })).resolves.toBeUndefined();
			return;
		}
		const [r] = await db.query<{ s: boolean }>(
			'SELECT rolsuper OR rolbypassrls AS s FROM pg_roles WHERE rolname = current_user'
		);
		if (r!.s) {
			await expect(assertSafeDbRole(db, { DB_ALLOW_SUPERUSER: false })).rejects.toThrow(
				/superuser or has BYPASSRLS/
			);
			await expect(assertSafeDbRole(db, { DB_ALLOW_SUPERUSER: true })).resolves.toBeUndefined();
		} else {
			await expect(assertSafeDbRole(db, { DB_ALLOW_SUPERUSER: false })).resolves.toBeUndefined();
		}
	});

	it('row-level security hides personal data from code that forgets to set the actor', async () => {
		const [r] = await db.query<{ s: boolean }>(
			'SELECT rolsuper OR rolbypassrls AS s FROM pg_roles WHERE rolname = current_user'
		);
		if (!isPostgres() || r!.s) {
			// PGlite (and a superuser) bypass row-level security: the service checks above are the wall.
			expect(r!.s).toBe(true);
			return;
		}
		const count = (rows: { n: number }[]) => rows[0]!.n;
		expect(count(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM household'))).toBe(
			0
		);
		expect(
			count(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_contact'))
		).toBe(0);
		expect(count(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).toBe(
			0
		);
		const as = (role: string, scope: string, uid = '') =>
			db.transaction(async (tx) => {
				await tx.query(
					"SELECT set_config('jiedao.role', $1, true), set_config('jiedao.scope', $2, true), set_config('jiedao.user_id', $3, true)",
					[role, scope, uid]
				);
				return tx.query<{ head_name: string; subdistrict_code: string }>(
					'SELECT head_name, subdistrict_code FROM household'
				);
			});
		expect(await as('leader', 'all')).toHaveLength(0);
		expect(await as('planner', 'all')).toHaveLength(0);
		const opA = await as('operator', subA);
		expect(opA.length).toBeGreaterThan(0);
		expect(opA.every((h) => h.subdistrict_code === subA)).toBe(true);
		expect((await as('operator', 'all')).some((h) => h.subdistrict_code === subB)).toBe(true);
	});
});

describe('first admin from the environment', () => {
	it('does nothing while an enabled admin exists', async () => {
		expect(
			await ensureFirstAdmin(db, { ADMIN_USERNAME: 'root-admin', ADMIN_PASSWORD: 'long-enough-pw' })
		).toBe(false);
	});

	it('creates the admin on an empty database', async () => {
		const empty = await testDb({ empty: true });
		try {
			expect(
				await ensureFirstAdmin(empty, {
					ADMIN_USERNAME: 'root-admin',
					ADMIN_PASSWORD: 'long-enough-pw'
				})
			).toBe(true);
			const [u] = await empty.query<{ role: string; scope: null }>(
				"SELECT role, scope FROM app_user WHERE username = 'root-admin'"
			);
			expect(u).toEqual({ role: 'admin', scope: null });
		} finally {
			await empty.close();
		}
	});
});
