/**
 * Sessions: a random 32-byte token in the cookie, only its SHA-256 in the database. Idle
 * time-out (last_seen_at) and absolute time-out (expires_at); the clock is a parameter so tests
 * can move time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { roleSchema, type Actor, type Role } from '../../domain/actor';
import type { Config } from '../config';
import type { Queryable } from '../db';
import { sql } from '../sql';

export type SessionConfig = Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Only well-formed tokens reach the database (43 base64url characters = 32 bytes). */
export function isTokenShaped(token: string | undefined): token is string {
	return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export async function createSession(
	db: Queryable,
	cfg: SessionConfig,
	userId: number,
	meta: { client: string; userAgent: string | null },
	now: Date
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + cfg.SESSION_ABSOLUTE_HOURS * 3_600_000);
	await db.query(sql('auth/session_insert'), [
		hashToken(token),
		userId,
		now,
		expiresAt,
		meta.client.slice(0, 64),
		meta.userAgent?.slice(0, 300) ?? null
	]);
	return { token, expiresAt };
}

export interface SessionUser {
	actor: Actor;
	displayName: string;
	departmentCode: string | null;
	expiresAt: Date;
}

interface SessionRow extends Record<string, unknown> {
	user_id: number;
	created_at: Date;
	last_seen_at: Date;
	expires_at: Date;
	username: string;
	display_name: string;
	role: string;
	scope: string[] | null;
	department_code: string | null;
	disabled: boolean;
}

/** Slide last_seen_at at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The user behind a session token, or null when the token is unknown, expired (idle or
 * absolute), or its user is disabled — the dead session is then deleted.
 */
export async function resolveSession(
	db: Queryable,
	cfg: SessionConfig,
	token: string,
	now: Date
): Promise<SessionUser | null> {
	if (!isTokenShaped(token)) return null;
	const tokenHash = hashToken(token);
	const [row] = await db.query<SessionRow>(sql('auth/session_resolve'), [tokenHash]);
	if (!row) return null;
	const idleLimit = cfg.SESSION_IDLE_MINUTES * 60_000;
	const role = roleSchema.safeParse(row.role);
	const expired =
		now.getTime() >= row.expires_at.getTime() ||
		now.getTime() - row.last_seen_at.getTime() >= idleLimit;
	if (expired || row.disabled || !role.success || role.data === 'public') {
		await db.query(sql('auth/session_delete'), [tokenHash]);
		return null;
	}
	if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
		await db.query(sql('auth/session_touch'), [tokenHash, now]);
	}
	return {
		actor: actorOf(row.user_id, row.username, role.data, row.scope),
		displayName: row.display_name,
		departmentCode: row.department_code,
		expiresAt: row.expires_at
	};
}

export function actorOf(
	userId: number,
	username: string,
	role: Role,
	scope: readonly string[] | null
): Actor {
	return Object.freeze({
		userId,
		username,
		role,
		scope: scope === null ? 'all' : Object.freeze([...scope])
	});
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
	if (isTokenShaped(token)) await db.query(sql('auth/session_delete'), [hashToken(token)]);
}

export async function deleteUserSessions(db: Queryable, userId: number): Promise<void> {
	await db.query(sql('auth/session_delete_user'), [userId]);
}

export async function deleteExpiredSessions(
	db: Queryable,
	cfg: SessionConfig,
	now: Date
): Promise<void> {
	await db.query(sql('auth/session_delete_expired'), [
		now,
		new Date(now.getTime() - cfg.SESSION_IDLE_MINUTES * 60_000)
	]);
}

/**
 * The session cookie for a request URL. Browsers accept `__Host-` and `Secure` cookies only
 * over https, except that http://localhost counts as secure in Chromium and Firefox but not in
 * every client (Safari, curl's cookie jar, tests' fetch). So on plain-http localhost/127.0.0.1
 * we use `jiedao_session` without Secure; everywhere else `__Host-jiedao_session` with Secure.
 * A plain-http non-local origin gets the secure cookie too, which browsers then drop: deploy
 * behind TLS and tell adapter-node (ORIGIN=https://… or PROTOCOL_HEADER) that it is https.
 */
export function sessionCookie(url: URL): {
	name: string;
	options: { path: '/'; httpOnly: true; secure: boolean; sameSite: 'lax' };
} {
	const local =
		url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
	return {
		name: local ? 'jiedao_session' : '__Host-jiedao_session',
		options: { path: '/', httpOnly: true, secure: !local, sameSite: 'lax' }
	};
}
