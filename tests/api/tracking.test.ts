/**
 * The public tracking endpoints and page through the built app, anonymously: progress as JSON
 * and HTML without personal data, the 1–5 rating once (JSON and the no-JS form), 404 for bad
 * codes, and the tracking page's own per-client limit (the hooks limit only /api/**).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
	api = await startApi({ TRUSTED_PROXY: '127.0.0.1', RATE_LIMIT_PUBLIC_PER_MINUTE: '40' });
});
afterAll(async () => {
	await api?.close();
});

let client = 0;
/** A fresh client address per test, so the public budget of one does not spill into another. */
const fresh = () => ({ 'x-forwarded-for': `198.51.100.${++client}` });

const used: number[] = [];
async function closedUnrated(): Promise<{ id: number; code: string }> {
	const [row] = await api.db.query<{ id: number; code: string }>(
		`UPDATE incident SET rating = NULL, rated_at = NULL
		  WHERE id = (SELECT id FROM incident WHERE state = 'closed' AND NOT (id = ANY ($1::bigint[]))
		               ORDER BY id DESC LIMIT 1)
		 RETURNING id, tracking_code AS code`,
		[used]
	);
	used.push(row!.id);
	return row!;
}

async function ratingOf(id: number): Promise<number | null> {
	const [r] = await api.db.query<{ rating: number | null }>(
		'SELECT rating FROM incident WHERE id = $1',
		[id]
	);
	return r!.rating;
}

describe('GET /api/track/:code', () => {
	it('answers anyone with the public view, without personal data', async () => {
		const c = await closedUnrated();
		await withSystemRole(api.db).transaction(async (tx) => {
			await tx.query('DELETE FROM incident_contact WHERE incident_id = $1', [c.id]);
			await tx.query(
				'INSERT INTO incident_contact (incident_id, name, phone, email) VALUES ($1, $2, $3, $4)',
				[c.id, '李私密', '13800001111', 'private.person@example.cn']
			);
		});
		const r = await api.request('GET', `/api/track/${c.code}`, { headers: fresh() });
		expect(r.status).toBe(200);
		for (const s of ['李私密', '13800001111', 'private.person@example.cn']) {
			expect(r.text).not.toContain(s);
		}
		const view = r.json<{ case: { stage: string; canRate: boolean } }>().case;
		expect(view.stage).toBe('closed');
		expect(view.canRate).toBe(true);
	});

	it('answers 404 JSON for malformed and unknown codes', async () => {
		for (const code of ['lowercase1', 'ZZZZZZZZZZZZZZZZ', 'A'.repeat(40)]) {
			const r = await api.request('GET', `/api/track/${code}`, { headers: fresh() });
			expect(r.status).toBe(404);
			expect(r.json<{ message: string }>().message).toBe('Not found');
		}
	});
});

describe('POST /api/track/:code/rating', () => {
	it('rates a closed case once, anonymously; then 409', async () => {
		const c = await closedUnrated();
		const h = fresh();
		const r = await api.request('POST', `/api/track/${c.code}/rating`, {
			headers: h,
			sameOrigin: true,
			body: { rating: 4 }
		});
		expect(r.status).toBe(200);
		expect(r.json<{ rating: number }>().rating).toBe(4);
		expect(await ratingOf(c.id)).toBe(4);
		const again = await api.request('POST', `/api/track/${c.code}/rating`, {
			headers: h,
			sameOrigin: true,
			body: { rating: 1 }
		});
		expect(again.status).toBe(409);
		expect(await ratingOf(c.id)).toBe(4);
	});

	it('refuses bad ratings with 400 and a foreign origin with 403, writing nothing', async () => {
		const c = await closedUnrated();
		for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, { rating: '5' }, {}]) {
			const r = await api.request('POST', `/api/track/${c.code}/rating`, {
				headers: fresh(),
				sameOrigin: true,
				body
			});
			expect(r.status, JSON.stringify(body)).toBe(400);
		}
		const foreign = await api.request('POST', `/api/track/${c.code}/rating`, {
			headers: { ...fresh(), origin: 'https://evil.example' },
			body: { rating: 5 }
		});
		expect(foreign.status).toBe(403);
		expect(await ratingOf(c.id)).toBeNull();
	});
});

describe('/track/:code page', () => {
	const form = (rating: string, h: Record<string, string>) => ({
		raw: new URLSearchParams({ rating }).toString(),
		sameOrigin: true,
		headers: {
			...h,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			'accept-language': 'zh-CN'
		}
	});

	it('renders in Chinese for anyone, and rates through the plain form once', async () => {
		const c = await closedUnrated();
		const h = fresh();
		const page = await api.request('GET', `/track/${c.code}`, {
			headers: { ...h, 'accept-language': 'zh-CN' }
		});
		expect(page.status).toBe(200);
		expect(page.text).toContain('案件进度查询');
		expect(page.text).toContain('name="rating"');
		const bad = await api.request('POST', `/track/${c.code}?/rate`, form('9', h));
		expect(bad.status).toBe(400);
		expect(await ratingOf(c.id)).toBeNull();
		const ok = await api.request('POST', `/track/${c.code}?/rate`, form('3', h));
		expect(ok.status).toBe(200);
		expect(ok.text).toContain('感谢您的评价');
		expect(ok.text).toContain('您的评价：3 分');
		expect(ok.text).not.toContain('name="rating"');
		expect(await ratingOf(c.id)).toBe(3);
		const again = await api.request('POST', `/track/${c.code}?/rate`, form('5', h));
		expect(again.status).toBe(409);
		expect(await ratingOf(c.id)).toBe(3);
		const missing = await api.request('GET', '/track/NOSUCHCODE99', { headers: h });
		expect(missing.status).toBe(404);
	});

	it('limits each anonymous client on the page and its form', async () => {
		const c = await closedUnrated();
		const h = fresh();
		const statuses: number[] = [];
		for (let i = 0; i < 45; i++) {
			statuses.push((await api.request('POST', `/track/${c.code}?/rate`, form('x', h))).status);
		}
		expect(statuses.slice(0, 40)).toEqual(Array(40).fill(400));
		expect(statuses.slice(40)).toContain(429);
		// Another client is unaffected.
		expect((await api.request('GET', `/track/${c.code}`, { headers: fresh() })).status).toBe(200);
	});
});
