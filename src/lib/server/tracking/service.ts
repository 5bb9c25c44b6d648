/**
 * The residents' case tracking (issue 5 §6): anyone holding a tracking code sees the case's
 * progress — never personal data — and, once it is closed, may rate it 1–5 exactly once (the
 * satisfaction rate of issue 8 counts these ratings).
 */
import { z } from 'zod';
import type { CaseState } from '../../domain/cases';
import { publicLocation, ScopeError } from '../../domain/permissions';
import type { Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { UserInputError } from '../auth/users';
import { RateLimiter } from '../auth/rate-limit';

type Row = Record<string, unknown>;

/** The format every tracking code has (the schema's CHECK); anything else is not looked up. */
export const TRACKING_CODE = /^[A-Z0-9]{8,16}$/;

/** What a resident is told about a case's progress. */
export type PublicStage =
	'received' | 'in_progress' | 'handled' | 'closed' | 'not_a_case' | 'merged';

/** The case as the public sees it. */
export interface PublicCase {
	number: string;
	category: { code: string; zh: string; en: string };
	state: CaseState;
	stage: PublicStage;
	/** The case number this one was merged into (stage 'merged'), else null. */
	mergedInto: string | null;
	reportedAt: string;
	closedAt: string | null;
	/** Snapped to the ~100 m public grid (publicLocation): never the exact point. */
	location: { lon: number; lat: number };
	timeline: { action: string; at: string }[];
	rating: number | null;
	ratedAt: string | null;
	/** True while a rating would be accepted (closed and not yet rated). */
	canRate: boolean;
}

const STAGE_OF: Readonly<Record<CaseState, PublicStage>> = {
	reported: 'received',
	filed: 'received',
	returned: 'received',
	dispatched: 'in_progress',
	in_progress: 'in_progress',
	reopened: 'in_progress',
	outstanding: 'in_progress',
	handled: 'handled',
	verified: 'handled',
	closed: 'closed',
	rejected: 'not_a_case',
	merged: 'merged'
};

/**
 * The resident-facing stage of a case state.
 *
 * @param state - the case state
 * @returns received, in_progress, handled, closed, not_a_case or merged
 * @example
 * publicStage('verified'); // 'handled'
 */
export function publicStage(state: CaseState): PublicStage {
	return STAGE_OF[state];
}

/** A rating body: exactly `{ rating }`, an integer 1–5 (no strings, no fractions). */
export const ratingSchema = z.strictObject({
	rating: z.number().int('must be an integer from 1 to 5').min(1).max(5)
});

function iso(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

async function run(db: Queryable, attempt: string, name: string, params: unknown[]) {
	try {
		return await db.query<Row>(sql(name), params);
	} catch (e) {
		throw new DbError(attempt, e);
	}
}

/** The code if it has the tracking-code format, else ScopeError (→ 404: nothing to find). */
function checkedCode(code: string | undefined | null): string {
	if (typeof code !== 'string' || !TRACKING_CODE.test(code)) throw new ScopeError();
	return code;
}

/**
 * The public view of one case.
 *
 * @param db - the database
 * @param code - the tracking code from the resident's receipt
 * @returns number, category, stage, times, the timeline (action and time only), the rounded
 *   location and the rating
 * @throws ScopeError (404) for a malformed or unknown code
 * @example
 * const view = await trackCase(db, 'K7Q2M9XA');
 */
export async function trackCase(db: Queryable, code: string | undefined): Promise<PublicCase> {
	const c = checkedCode(code);
	const [row] = await run(db, 'reading a case by tracking code', 'tracking/case', [c]);
	if (!row) throw new ScopeError();
	const events = await run(db, 'reading a public case timeline', 'tracking/timeline', [row.id]);
	const [lon, lat] = publicLocation(Number(row.lon), Number(row.lat));
	const state = row.state as CaseState;
	const rating = row.rating === null ? null : Number(row.rating);
	return {
		number: String(row.number),
		category: {
			code: String(row.categoryCode),
			zh: String(row.categoryZh),
			en: String(row.categoryEn)
		},
		state,
		stage: publicStage(state),
		mergedInto: state === 'merged' && row.mergedInto ? String(row.mergedInto) : null,
		reportedAt: iso(row.reportedAt)!,
		closedAt: iso(row.closedAt),
		location: { lon, lat },
		timeline: events.map((e) => ({ action: String(e.action), at: iso(e.at)! })),
		rating,
		ratedAt: iso(row.ratedAt),
		canRate: state === 'closed' && rating === null
	};
}

/**
 * A resident's rating of a closed case, accepted once.
 *
 * @param db - the database
 * @param code - the tracking code
 * @param body - the unparsed `{ rating }` (an integer 1–5)
 * @returns the stored rating and when
 * @throws ScopeError (404) for a malformed or unknown code; UserInputError 400 for a bad rating
 *   and 409 when the case is not closed or already rated — nothing is written in those cases
 * @example
 * await rateCase(db, 'K7Q2M9XA', { rating: 5 });
 */
export async function rateCase(
	db: Queryable,
	code: string | undefined,
	body: unknown
): Promise<{ rating: number; ratedAt: string }> {
	const c = checkedCode(code);
	const parsed = ratingSchema.safeParse(body);
	if (!parsed.success) {
		throw new UserInputError(400, 'rating: must be an integer from 1 to 5');
	}
	const [row] = await run(db, 'rating a case', 'tracking/rate', [c, parsed.data.rating]);
	if (row) return { rating: Number(row.rating), ratedAt: iso(row.ratedAt)! };
	// Nothing updated: say why (unknown → 404; open or rated → 409).
	const view = await trackCase(db, c);
	throw new UserInputError(
		409,
		view.rating !== null ? 'This case has already been rated' : 'Only a closed case can be rated'
	);
}

let formLimiter: { perMinute: number; limiter: RateLimiter } | null = null;

/**
 * A token from the per-client limiter of the tracking page (its load and its rating form): the
 * hooks limit anonymous /api/** only. Same budget as the public API (RATE_LIMIT_PUBLIC_PER_MINUTE).
 *
 * @param perMinute - the configured public budget (0 = unlimited)
 * @param client - the client address
 * @returns 0 when allowed, else seconds to wait
 * @example
 * if (takeTrackingToken(600, '203.0.113.5') > 0) error(429, { message: 'Too many requests' });
 */
export function takeTrackingToken(perMinute: number, client: string): number {
	if (!formLimiter || formLimiter.perMinute !== perMinute) {
		formLimiter = { perMinute, limiter: new RateLimiter(perMinute) };
	}
	return formLimiter.limiter.take(client);
}
