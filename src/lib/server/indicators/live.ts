/**
 * Cheap revalidation of the leaders' figures (the live /leader page polls every ~2 s): an ETag
 * from what the figures depend on — the last case change (change_log), the settings version and
 * the live warnings — plus the viewer's role and scope, the query and the day (default periods
 * move at midnight). A request whose If-None-Match still matches gets 304 without computing
 * anything; only a change costs a recomputation.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '$lib/domain/actor';
import { DbError, type Db, type Queryable } from '../db';
import { sql } from '../sql';
import { chinaDate } from './params';
import { refreshWarnings } from './warnings';

export interface DataVersion {
	/** The id of the last case change in change_log. */
	cases: string;
	/** The indicator settings version (0: the defaults). */
	settings: number;
	/** A fingerprint of the live warnings. */
	warnings: string;
}

/** @throws DbError when the database cannot be read */
export async function dataVersion(db: Queryable): Promise<DataVersion> {
	try {
		const [row] = await db.query<{ cases: string; settings: number; warnings: string }>(
			sql('indicators/version')
		);
		return {
			cases: String(row?.cases ?? '0'),
			settings: Number(row?.settings ?? 0),
			warnings: row?.warnings ?? ''
		};
	} catch (e) {
		throw new DbError('reading the indicators version', e);
	}
}

/**
 * The (weak) ETag of a response: the same data version, viewer and query give the same tag.
 * @example etagFor(v, leader, new URL('http://x/api/indicators?level=subdistrict')) // 'W/"…"'
 */
export function etagFor(v: DataVersion, actor: Actor, url: URL, now: Date = new Date()): string {
	const params = [...url.searchParams].sort(([a, x], [b, y]) =>
		a === b ? x.localeCompare(y) : a.localeCompare(b)
	);
	const key = JSON.stringify([
		v.cases,
		v.settings,
		v.warnings,
		actor.role,
		actor.scope,
		url.pathname,
		params,
		chinaDate(now)
	]);
	return `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header matches the tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const bare = (t: string) => t.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/**
 * Answers 304 when the client's copy is current, else builds the response and tags it. The tag
 * comes from the version read before building, so the data is never older than its tag (at
 * worst newer: the next revalidation then fetches it once more).
 * @param opts.warnings the response lists warnings: before answering 304, re-evaluate them if
 *   the last evaluation is stale (time alone makes cases overdue) and compare again. After a
 *   case change the tag differs anyway, and the build re-evaluates them alongside the figures.
 */
export async function conditional(
	event: { request: Request; url: URL; locals: { db: Db; actor: Actor } },
	build: () => Promise<Response>,
	opts: { warnings?: boolean } = {}
): Promise<Response> {
	const { request, url, locals } = event;
	const ifNoneMatch = request.headers.get('if-none-match');
	let etag = etagFor(await dataVersion(locals.db), locals.actor, url);
	let fresh = matchesEtag(ifNoneMatch, etag);
	if (fresh && opts.warnings && (await refreshWarnings(locals.db))) {
		etag = etagFor(await dataVersion(locals.db), locals.actor, url);
		fresh = matchesEtag(ifNoneMatch, etag);
	}
	const headers = { ETag: etag, 'Cache-Control': 'private, no-cache', Vary: 'Cookie' };
	if (fresh) return new Response(null, { status: 304, headers });
	const res = await build();
	if (res.status !== 200) return res;
	for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
	return res;
}
