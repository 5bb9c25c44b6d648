/**
 * Sign-in throttling from the login_attempt table (shared by every app instance): failures per
 * account (since its last success) and per client address. After LOGIN_SLOW_AFTER failures each
 * further attempt waits (doubling up to 8 × LOGIN_DELAY_MS); at the maximum it is refused with
 * 429 and Retry-After until the oldest counted failure leaves the window.
 */
import type { Config } from '../config';
import type { Queryable } from '../db';
import { sql } from '../sql';

export type ThrottleConfig = Pick<
	Config,
	| 'LOGIN_WINDOW_MINUTES'
	| 'LOGIN_SLOW_AFTER'
	| 'LOGIN_DELAY_MS'
	| 'LOGIN_MAX_FAILURES_ACCOUNT'
	| 'LOGIN_MAX_FAILURES_CLIENT'
>;

export type ThrottleVerdict =
	{ kind: 'allow'; delayMs: number } | { kind: 'refuse'; retryAfterSeconds: number };

interface FailureRow extends Record<string, unknown> {
	account_failures: number;
	account_oldest: Date | null;
	client_failures: number;
	client_oldest: Date | null;
}

/** What the throttle says about the next attempt for this account from this client. */
export async function checkThrottle(
	db: Queryable,
	cfg: ThrottleConfig,
	username: string,
	client: string,
	now: Date
): Promise<ThrottleVerdict> {
	const windowMs = cfg.LOGIN_WINDOW_MINUTES * 60_000;
	const [row] = await db.query<FailureRow>(sql('auth/login_failures'), [
		username,
		client,
		new Date(now.getTime() - windowMs),
		now
	]);
	const account = row?.account_failures ?? 0;
	const clientN = row?.client_failures ?? 0;
	const retryAfter = (oldest: Date | null) =>
		Math.max(
			1,
			Math.ceil(((oldest?.getTime() ?? now.getTime()) + windowMs - now.getTime()) / 1000)
		);
	if (account >= cfg.LOGIN_MAX_FAILURES_ACCOUNT || clientN >= cfg.LOGIN_MAX_FAILURES_CLIENT) {
		const secs = Math.max(
			account >= cfg.LOGIN_MAX_FAILURES_ACCOUNT ? retryAfter(row?.account_oldest ?? null) : 0,
			clientN >= cfg.LOGIN_MAX_FAILURES_CLIENT ? retryAfter(row?.client_oldest ?? null) : 0
		);
		return { kind: 'refuse', retryAfterSeconds: secs };
	}
	const over = Math.max(account, clientN) - cfg.LOGIN_SLOW_AFTER;
	const delayMs = over < 0 ? 0 : cfg.LOGIN_DELAY_MS * Math.min(8, 2 ** over);
	return { kind: 'allow', delayMs };
}

export async function recordAttempt(
	db: Queryable,
	username: string,
	client: string,
	ok: boolean,
	now: Date
): Promise<void> {
	await db.query(sql('auth/login_attempt_insert'), [username, client, ok, now]);
}

/** Forget attempts older than a day (called now and then from sign-in). */
export async function pruneAttempts(db: Queryable, now: Date): Promise<void> {
	await db.query(sql('auth/login_attempt_prune'), [new Date(now.getTime() - 86_400_000)]);
}
