/**
 * Open311 GeoReport v2 conformance through the built app, endpoint by endpoint, in JSON and XML
 * (XML parsed back with fast-xml-parser), following the specification (wiki.open311.org,
 * GeoReport v2): discovery; services; service definitions; POST requests (api_key, lat/long or
 * address_string, attributes, contact) → service_request_id and token; GET tokens/{token};
 * GET requests (service_request_id list, service_code, start_date/end_date ≤ 90 days, status,
 * extensions); GET requests/{id}; errors as `[{code, description}]` / `<errors>` with 400/403/404.
 * Public endpoints share the anonymous rate limit.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOpen311Key } from '../../src/lib/server/open311/service';
import { startApi, type Api, type Reply } from './harness';

const KEY = 'open311-api-test-key-0001';
const V2 = '/open311/v2';
const xml = new XMLParser({ parseTagValue: false });
let api: Api;
/** A point inside the district (a seeded case's). */
let inside = { lon: 0, lat: 0 };
let client = 0;
/** A fresh client address per call group, so the public budget of one does not spill over. */
const fresh = () => ({ 'x-forwarded-for': `203.0.113.${++client % 250}` });

beforeAll(async () => {
	api = await startApi({ TRUSTED_PROXY: '127.0.0.1', RATE_LIMIT_PUBLIC_PER_MINUTE: '30' });
	await registerOpen311Key(api.db, KEY, 'api test');
	const [p] = await api.db.query<{ lon: number; lat: number }>(
		'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
	);
	inside = p!;
});
afterAll(async () => {
	await api?.close();
});

function get(path: string): Promise<Reply> {
	return api.request('GET', path, { headers: fresh() });
}

/** A form-encoded POST (the spec's content type); kit's CSRF check wants our Origin on forms. */
function postForm(path: string, fields: Record<string, string>): Promise<Reply> {
	return api.request('POST', path, {
		raw: new URLSearchParams(fields).toString(),
		sameOrigin: true,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...fresh() }
	});
}

function postJson(path: string, body: unknown): Promise<Reply> {
	return api.request('POST', path, { body, headers: fresh() });
}

function expectJsonError(r: Reply, status: number, description: RegExp): void {
	expect(r.status, r.text).toBe(status);
	expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
	const errors = r.json<{ code: number; description: string }[]>();
	expect(errors).toEqual([{ code: status, description: expect.stringMatching(description) }]);
}

function expectXmlError(r: Reply, status: number, description: RegExp): void {
	expect(r.status, r.text).toBe(status);
	expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
	expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
	const e = xml.parse(r.text).errors.error;
	expect(e.code).toBe(String(status));
	expect(e.description).toMatch(description);
}

describe('discovery', () => {
	it('describes the v2 endpoint in JSON and XML', async () => {
		const j = await get(`${V2}/discovery.json`);
		expect(j.status).toBe(200);
		expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
		const d = j.json<{ changeset: string; endpoints: Record<string, unknown>[] }>();
		expect(Date.parse(d.changeset)).not.toBeNaN();
		expect(d.endpoints).toEqual([
			expect.objectContaining({
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: `${api.origin}/open311/v2`,
				type: 'production',
				formats: ['text/xml', 'application/json']
			})
		]);
		const x = await get(`${V2}/discovery.xml`);
		expect(x.status).toBe(200);
		const doc = xml.parse(x.text).discovery;
		expect(doc.endpoints.endpoint.url).toBe(`${api.origin}/open311/v2`);
		expect(doc.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
	});

	it('knows only the json and xml formats; other resources are the spec 404', async () => {
		expectJsonError(await get(`${V2}/discovery.csv`), 404, /format/);
		expectJsonError(await get(`${V2}/requests`), 404, /discovery\.json/);
		expectJsonError(await get('/open311/v3/services.json'), 404, /discovery\.json/);
	});
});

describe('GET services', () => {
	it('lists every service with the spec fields, the same in JSON and XML', async () => {
		const j = await get(`${V2}/services.json`);
		expect(j.status).toBe(200);
		const services = j.json<Record<string, unknown>[]>();
		expect(services.length).toBeGreaterThan(30);
		for (const s of services) {
			expect(Object.keys(s).sort()).toEqual(
				[
					'description',
					'group',
					'keywords',
					'metadata',
					'service_code',
					'service_name',
					'type'
				].sort()
			);
			expect(s.service_code).toMatch(/^[12]\d{4}$/);
			expect(s.metadata).toBe(true);
			expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
		}
		const x = xml.parse((await get(`${V2}/services.xml`)).text).services.service as Record<
			string,
			string
		>[];
		expect(x.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
		expect(x[0]!.metadata).toBe('true');
		const en = (await get(`${V2}/services.json?locale=en`)).json<Record<string, string>[]>();
		expect(en.find((s) => s.service_code === '20101')!.service_name).toBe('Exposed rubbish');
	});

	it('refuses an unknown parameter with 400', async () => {
		expectJsonError(await get(`${V2}/services.json?page=2`), 400, /^page: unknown parameter/);
		expectXmlError(await get(`${V2}/services.xml?locale=fr`), 400, /^locale/);
	});
});

describe('GET services/{service_code}', () => {
	it('defines the attributes in JSON and XML', async () => {
		const j = await get(`${V2}/services/20101.json`);
		expect(j.status).toBe(200);
		const def = j.json<{ service_code: string; attributes: Record<string, unknown>[] }>();
		expect(def.service_code).toBe('20101');
		for (const a of def.attributes) {
			for (const k of [
				'variable',
				'code',
				'datatype',
				'required',
				'datatype_description',
				'order',
				'description'
			]) {
				expect(a).toHaveProperty(k);
			}
			expect([
				'string',
				'number',
				'datetime',
				'text',
				'singlevaluelist',
				'multivaluelist'
			]).toContain(a.datatype);
		}
		const hazard = def.attributes.find((a) => a.code === 'hazard')!;
		expect(hazard.values).toEqual([
			{ key: 'yes', name: '是' },
			{ key: 'no', name: '否' }
		]);
		const x = xml.parse((await get(`${V2}/services/20101.xml`)).text).service_definition;
		expect(x.service_code).toBe('20101');
		const attrs = x.attributes.attribute as Record<string, unknown>[];
		expect(attrs.map((a) => a.code)).toEqual(def.attributes.map((a) => a.code));
		const xHazard = attrs.find((a) => a.code === 'hazard') as { values: { value: unknown[] } };
		expect(xHazard.values.value).toEqual([
			{ key: 'yes', name: '是' },
			{ key: 'no', name: '否' }
		]);
	});

	it('answers 404 for an unknown service_code', async () => {
		expectJsonError(await get(`${V2}/services/29999.json`), 404, /^service_code not found$/);
		expectXmlError(await get(`${V2}/services/nope.xml`), 404, /^service_code not found$/);
	});
});

describe('POST requests', () => {
	it('needs a valid api_key: 403 otherwise, in the asked format, and nothing is written', async () => {
		const [before] = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident');
		const body = { service_code: '20101', lat: String(inside.lat), long: String(inside.lon) };
		expectJsonError(await postForm(`${V2}/requests.json`, body), 403, /api_key/);
		expectXmlError(
			await postForm(`${V2}/requests.xml`, { ...body, api_key: 'wrong-key-wrong-key' }),
			403,
			/api_key/
		);
		expectJsonError(
			await postJson(`${V2}/requests.json`, { ...body, api_key: '' }),
			403,
			/api_key/
		);
		const [after] = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident');
		expect(after!.n).toBe(before!.n);
	});

	it('creates a case (form) and answers service_request_id and token; the token resolves', async () => {
		const r = await postForm(`${V2}/requests.json`, {
			api_key: KEY,
			service_code: '20101',
			lat: String(inside.lat),
			long: String(inside.lon),
			description: '小区门口垃圾堆积',
			first_name: '陈',
			last_name: '私人',
			phone: '13600006666',
			email: 'chen.private@example.cn',
			'attribute[hazard]': 'no',
			media_url: 'https://img.example.cn/p/1.jpg'
		});
		expect(r.status, r.text).toBe(201);
		const [created] =
			r.json<
				{ service_request_id: string; token: string; service_notice: string; account_id: null }[]
			>();
		expect(created!.service_request_id).toMatch(/^LX\d{8}$/);
		expect(created!.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(created!.account_id).toBeNull();
		expect(created!.service_notice).toContain('/track/');

		const tj = await get(`${V2}/tokens/${created!.token}.json`);
		expect(tj.status).toBe(200);
		expect(tj.json()).toEqual([
			{ service_request_id: created!.service_request_id, token: created!.token }
		]);
		const tx = xml.parse((await get(`${V2}/tokens/${created!.token}.xml`)).text);
		expect(tx.service_requests.request).toEqual({
			service_request_id: created!.service_request_id,
			token: created!.token
		});

		// GET requests/{id}: the new case, open, with none of the personal data.
		const g = await get(`${V2}/requests/${created!.service_request_id}.json?extensions=true`);
		expect(g.status).toBe(200);
		for (const s of [
			'陈 私人',
			'13600006666',
			'chen.private@example.cn',
			'小区门口垃圾堆积',
			'img.example.cn'
		]) {
			expect(g.text).not.toContain(s);
		}
		const [req] = g.json<Record<string, unknown>[]>();
		expect(req).toMatchObject({
			service_request_id: created!.service_request_id,
			status: 'open',
			service_code: '20101',
			extended_attributes: { detailed_status: 'reported', public_stage: 'received' }
		});
		const [stored] = await api.db.query<{ source: string }>(
			'SELECT source FROM incident WHERE number = $1',
			[created!.service_request_id]
		);
		expect(stored!.source).toBe('open311');
	});

	it('answers in XML and takes a JSON body too', async () => {
		const r = await api.request('POST', `${V2}/requests.xml`, {
			body: {
				api_key: KEY,
				service_code: '20402',
				lat: inside.lat,
				long: inside.lon,
				attribute: { hazard: 'yes' }
			},
			headers: fresh()
		});
		expect(r.status, r.text).toBe(201);
		expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
		const req = xml.parse(r.text).service_requests.request;
		expect(req.service_request_id).toMatch(/^LX\d{8}$/);
		expect(req.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
		const [stored] = await api.db.query<{ priority: number }>(
			'SELECT priority FROM incident WHERE number = $1',
			[req.service_request_id]
		);
		expect(stored!.priority).toBe(1);
	});

	it('refuses bad requests with the spec errors: 404 unknown service, 400 the rest', async () => {
		const at = { api_key: KEY, lat: String(inside.lat), long: String(inside.lon) };
		expectJsonError(
			await postForm(`${V2}/requests.json`, { ...at, service_code: '29999' }),
			404,
			/^service_code not found$/
		);
		expectXmlError(
			await postForm(`${V2}/requests.xml`, { api_key: KEY, lat: '1', long: '2' }),
			400,
			/^service_code/
		);
		expectJsonError(
			await postForm(`${V2}/requests.json`, { ...at, service_code: '20101', lat: '95' }),
			400,
			/^lat: /
		);
		expectJsonError(
			await postForm(`${V2}/requests.json`, {
				api_key: KEY,
				service_code: '20101',
				lat: '39.9',
				long: '116.4'
			}),
			400,
			/^lat\/long: the location is outside the district$/
		);
		expectJsonError(
			await postForm(`${V2}/requests.json`, {
				api_key: KEY,
				service_code: '20101',
				address_string: '北京市东城区某路1号'
			}),
			400,
			/^address_string not supported, send lat\/long$/
		);
		expectJsonError(
			await postForm(`${V2}/requests.json`, { ...at, service_code: '20101', 'attribute[x]': '1' }),
			400,
			/^attribute\[x\]/
		);
		expectJsonError(
			await api.request('POST', `${V2}/requests.json`, {
				raw: 'service_code=20101',
				headers: { 'content-type': 'text/csv', ...fresh() }
			}),
			400,
			/Content-Type/
		);
	});
});

describe('GET requests', () => {
	let numbers: string[] = [];
	beforeAll(async () => {
		const rows = await api.db.query<{ number: string }>(
			'SELECT number FROM incident ORDER BY id LIMIT 3'
		);
		numbers = rows.map((r) => r.number);
	});

	it('by default answers the last 90 days, at most 1000, newest first, in JSON and XML', async () => {
		const j = await get(`${V2}/requests.json`);
		expect(j.status).toBe(200);
		const list = j.json<Record<string, unknown>[]>();
		expect(list.length).toBeGreaterThan(0);
		expect(list.length).toBeLessThanOrEqual(1000);
		const cutoff = Date.now() - 90 * 24 * 3600 * 1000 - 60_000;
		for (const r of list) {
			expect(Date.parse(r.requested_datetime as string)).toBeGreaterThanOrEqual(cutoff);
			expect(['open', 'closed']).toContain(r.status);
			for (const k of ['description', 'address', 'media_url', 'agency_responsible']) {
				expect(r).not.toHaveProperty(k);
			}
			// The public ~100 m grid: 4 decimals at most, never the exact point.
			expect(String(r.lat)).toMatch(/^\d+(\.\d{1,4})?$/);
		}
		const times = list.map((r) => r.requested_datetime as string);
		expect([...times].sort().reverse()).toEqual(times);
		const x = xml.parse((await get(`${V2}/requests.xml`)).text).service_requests.request as Record<
			string,
			string
		>[];
		expect(x.map((r) => r.service_request_id)).toEqual(list.map((r) => r.service_request_id));
	});

	it('takes a comma list of service_request_id, overriding the other parameters', async () => {
		const r = await get(`${V2}/requests.json?service_request_id=${numbers.join(',')}&status=open`);
		expect(r.status).toBe(200);
		const ids = r.json<{ service_request_id: string }[]>().map((x) => x.service_request_id);
		expect(ids.sort()).toEqual([...numbers].sort());
	});

	it('filters by service_code, window and status; extensions add our state', async () => {
		const q = new URLSearchParams({
			service_code: '20101',
			start_date: '2026-10-01T00:00:00+08:00',
			end_date: '2026-11-20T23:59:59+08:00',
			status: 'closed',
			extensions: 'true'
		});
		const r = await get(`${V2}/requests.json?${q}`);
		expect(r.status).toBe(200);
		const list = r.json<Record<string, unknown>[]>();
		expect(list.length).toBeGreaterThan(0);
		for (const x of list) {
			expect(x.service_code).toBe('20101');
			expect(x.status).toBe('closed');
			const t = Date.parse(x.requested_datetime as string);
			expect(t).toBeGreaterThanOrEqual(Date.parse('2026-10-01T00:00:00+08:00'));
			expect(t).toBeLessThanOrEqual(Date.parse('2026-11-20T23:59:59+08:00'));
			expect(['closed', 'rejected', 'merged']).toContain(
				(x.extended_attributes as { detailed_status: string }).detailed_status
			);
		}
		const xq = xml.parse((await get(`${V2}/requests.xml?${q}`)).text).service_requests.request;
		const first = (Array.isArray(xq) ? xq[0] : xq) as Record<string, Record<string, string>>;
		expect(['closed', 'rejected', 'merged']).toContain(first.extended_attributes!.detailed_status);
	});

	it('refuses bad dates, a window over 90 days, a bad status and unknown services', async () => {
		expectJsonError(await get(`${V2}/requests.json?start_date=2026-10-01`), 400, /^start_date/);
		expectXmlError(
			await get(`${V2}/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`),
			400,
			/90 days/
		);
		expectJsonError(await get(`${V2}/requests.json?status=pending`), 400, /^status/);
		expectJsonError(await get(`${V2}/requests.json?service_code=29999`), 404, /service_code/);
	});
});

describe('GET requests/{id} and tokens/{token}', () => {
	it('answers 404 in the spec format for unknown ids and tokens', async () => {
		expectJsonError(await get(`${V2}/requests/LX99999999.json`), 404, /service_request_id/);
		expectXmlError(await get(`${V2}/requests/banana.xml`), 404, /service_request_id/);
		expectJsonError(await get(`${V2}/tokens/AAAAAAAAAAAAAAAAAAAAAAAA.json`), 404, /token/);
		expectXmlError(await get(`${V2}/tokens/x.xml`), 404, /token/);
	});

	it('answers one request in XML', async () => {
		const [c] = await api.db.query<{ number: string }>(
			"SELECT number FROM incident WHERE state = 'closed' ORDER BY id LIMIT 1"
		);
		const r = await get(`${V2}/requests/${c!.number}.xml`);
		expect(r.status).toBe(200);
		const req = xml.parse(r.text).service_requests.request;
		expect(req).toMatchObject({ service_request_id: c!.number, status: 'closed' });
		expect(req).not.toHaveProperty('extended_attributes');
	});
});

describe('rate limit', () => {
	it('limits anonymous Open311 calls per client like the public API', async () => {
		const headers = { 'x-forwarded-for': '198.51.100.250' };
		const statuses: number[] = [];
		for (let i = 0; i < 35; i++) {
			statuses.push((await api.request('GET', `${V2}/discovery.json`, { headers })).status);
		}
		expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(31);
		expect(statuses).toContain(429);
	});
});
