/**
 * Sign-in and sign-out: the one implementation behind the /login form and POST /api/auth/login.
 */
import { z } from 'zod';
import { roleSchema } from '../../domain/actor';
import type { Config } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { sql } from '../sql';
import { PASSWORD_MAX, verifyPassword } from './password';
import { createSession, deleteExpiredSessions, deleteSession, actorOf } from './session';
import { checkThrottle, pruneAttempts, recordAttempt } from './throttle';
import type { Actor } from '../../domain/actor';

/** The sign-in body. strict(): extra fields (role, scope, …) are refused, not ignored. */
export const loginSchema = z
	.object({
		username: z.string().trim().toLowerCase().min(1).max(64),
		password: z.string().min(1).max(PASSWORD_MAX)
	})
	.strict();
export type LoginInput = z.infer<typeof loginSchema>;

export type LoginConfig = Pick<
	Config,
	| 'SESSION_IDLE_MINUTES'
	| 'SESSION_ABSOLUTE_HOURS'
	| 'LOGIN_WINDOW_MINUTES'
	| 'LOGIN_SLOW_AFTER'
	| 'LOGIN_DELAY_MS'
	| 'LOGIN_MAX_FAILURES_ACCOUNT'
	| 'LOGIN_MAX_FAILURES_CLIENT'
>;

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; actor: Actor; displayName: string }
	| { ok: false; status: 401 }
	| { ok: false; status: 429; retryAfterSeconds: number };

interface UserRow extends Record<string, unknown> {
	id: number;
	username: string;
	display_name: string;
	password_hash: string | null;
	role: string;
	scope: string[] | null;
	disabled: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Checks the throttle, then the password; on success creates a fresh session (the caller
 * deletes the browser's previous one: rotation). Unknown user, wrong password and disabled
 * account all give the same 401 in the same time.
 */
export async function signIn(
	db: Db,
	cfg: LoginConfig,
	input: LoginInput,
	meta: { client: string; userAgent: string | null; previousToken?: string },
	now: Date = new Date()
): Promise<LoginResult> {
	const username = input.username.slice(0, 64);
	const verdict = await checkThrottle(db, cfg, username, meta.client, now);
	if (verdict.kind === 'refuse') {
		log.warn('sign-in refused by throttle', { client: meta.client });
		return { ok: false, status: 429, retryAfterSeconds: verdict.retryAfterSeconds };
	}
	if (verdict.delayMs > 0) await sleep(verdict.delayMs);
	const [user] = await db.query<UserRow>(sql('auth/user_by_username'), [username]);
	const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
	const role = roleSchema.safeParse(user?.role);
	const ok = Boolean(user && passwordOk && !user.disabled && role.success);
	await recordAttempt(db, username, meta.client, ok, now);
	if (!ok || !user || !role.success) {
		log.info('sign-in failed', { client: meta.client });
		return { ok: false, status: 401 };
	}
	if (meta.previousToken) await deleteSession(db, meta.previousToken);
	const session = await createSession(db, cfg, user.id, meta, now);
	// why: housekeeping piggybacks on sign-in, which is rare, instead of a timer per instance.
	if (Math.random() < 0.1) {
		await deleteExpiredSessions(db, cfg, now);
		await pruneAttempts(db, now);
	}
	log.info('signed in', { userId: user.id, role: role.data });
	return {
		ok: true,
		token: session.token,
		expiresAt: session.expiresAt,
		actor: actorOf(user.id, user.username, role.data, user.scope),
		displayName: user.display_name
	};
}

export async function signOut(db: Db, token: string | undefined): Promise<void> {
	if (token) await deleteSession(db, token);
}
