/**
 * Open311 GeoReport v2 pure parts, from the specification: formats by extension, the XML twins of
 * the JSON shapes (parsed back with fast-xml-parser), the spec's error list, the GET requests
 * query (service_request_id overrides the rest; a window of at most 90 days, defaulting to the
 * last 90 days) and the POST parameters (attribute[code] fields, lat/long as decimals).
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
	errorResponse,
	formatOf,
	Open311Error,
	respond,
	toXml
} from '../../src/lib/server/open311/format';
import {
	jsonFields,
	MAX_WINDOW_MS,
	parsePostParams,
	parseRequestQuery,
	parseRequestsQuery
} from '../../src/lib/server/open311/params';
import { discovery, statusOf } from '../../src/lib/server/open311/service';
import { loadConfig } from '../../src/lib/server/config';

const parser = new XMLParser({ parseTagValue: false });

function refusal(fn: () => unknown): Open311Error {
	try {
		fn();
	} catch (e) {
		if (e instanceof Open311Error) return e;
		throw e;
	}
	throw new Error('expected an Open311Error');
}

describe('formats', () => {
	it('takes exactly .json and .xml', () => {
		expect(formatOf('json')).toBe('json');
		expect(formatOf('xml')).toBe('xml');
		for (const x of ['JSON', 'csv', '', undefined, 'json ']) expect(formatOf(x)).toBeNull();
	});

	it('writes the spec error list in JSON and XML with the status as code', async () => {
		const e = new Open311Error(404, 'service_code not found');
		const j = errorResponse('json', e);
		expect(j.status).toBe(404);
		expect(j.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await j.json()).toEqual([{ code: 404, description: 'service_code not found' }]);
		const x = errorResponse('xml', new Open311Error(403, 'api_key: missing or invalid'));
		expect(x.status).toBe(403);
		expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
		const text = await x.text();
		expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?><errors>')).toBe(true);
		expect(parser.parse(text).errors.error).toEqual({
			code: '403',
			description: 'api_key: missing or invalid'
		});
	});

	it('names list items as the spec does and escapes text', () => {
		const xml = toXml('service_requests', [
			{ service_request_id: 'LX00000001', status_notes: 'a < b & "c"', expected_datetime: null },
			{ service_request_id: 'LX00000002', status_notes: null }
		]);
		const doc = parser.parse(xml);
		expect(doc.service_requests.request).toHaveLength(2);
		expect(doc.service_requests.request[0].status_notes).toBe('a < b & "c"');
		expect(doc.service_requests.request[0].expected_datetime).toBe('');
		const def = parser.parse(
			toXml('service_definition', {
				service_code: '20101',
				attributes: [{ code: 'hazard', values: [{ key: 'yes', name: '是' }] }]
			})
		);
		expect(def.service_definition.attributes.attribute.values.value).toEqual({
			key: 'yes',
			name: '是'
		});
		expect(() => toXml('x', { unnamed_list: [1] })).toThrow(/no XML item name/);
	});

	it('discovery lists the v2 endpoint with both formats', async () => {
		const d = discovery('https://jd.example.cn');
		expect(d.endpoints).toEqual([
			expect.objectContaining({
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: 'https://jd.example.cn/open311/v2',
				type: 'production',
				formats: ['text/xml', 'application/json']
			})
		]);
		const xml = parser.parse(await respond('xml', 'discovery', d).text());
		expect(xml.discovery.endpoints.endpoint.formats.format).toEqual([
			'text/xml',
			'application/json'
		]);
	});

	it('maps our states to open/closed', () => {
		expect(statusOf('reported')).toBe('open');
		expect(statusOf('outstanding')).toBe('open');
		expect(statusOf('handled')).toBe('open');
		for (const s of ['closed', 'rejected', 'merged'] as const) expect(statusOf(s)).toBe('closed');
	});
});

describe('GET requests query', () => {
	const now = new Date('2026-11-20T12:00:00Z');
	const DAY = 24 * 3600 * 1000;

	it('defaults to the last 90 days, any status, no extensions', () => {
		const q = parseRequestsQuery({}, now);
		expect(q).toMatchObject({ kind: 'filter', serviceCode: null, status: null, extensions: false });
		if (q.kind !== 'filter') throw new Error('filter');
		expect(q.end).toEqual(now);
		expect(now.getTime() - q.start.getTime()).toBe(MAX_WINDOW_MS);
	});

	it('service_request_id (a comma list) overrides every other parameter', () => {
		const q = parseRequestsQuery(
			{ service_request_id: 'LX00000001, LX00000002,LX00000001', start_date: '2020-01-01T00:00Z' },
			now
		);
		expect(q).toMatchObject({ kind: 'ids', ids: ['LX00000001', 'LX00000002'] });
		expect(
			refusal(() => parseRequestsQuery({ service_request_id: 'LX1,abc' }, now)).description
		).toMatch(/^service_request_id/);
	});

	it('takes ISO 8601 dates with a zone and a window of at most 90 days', () => {
		const q = parseRequestsQuery(
			{ start_date: '2026-10-01T00:00:00+08:00', end_date: '2026-11-01T00:00:00+08:00' },
			now
		);
		if (q.kind !== 'filter') throw new Error('filter');
		expect(q.start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
		expect(q.end.getTime() - q.start.getTime()).toBe(31 * DAY);
		// start alone: 90 days from it
		const s = parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z' }, now);
		if (s.kind !== 'filter') throw new Error('filter');
		expect(s.end.getTime() - s.start.getTime()).toBe(MAX_WINDOW_MS);
		const bad: [Record<string, string>, RegExp][] = [
			[{ start_date: '2026-10-01' }, /^start_date: must be an ISO 8601/],
			[{ end_date: 'yesterday' }, /^end_date/],
			[{ start_date: '2026-13-45T00:00:00Z' }, /^start_date/],
			[{ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, /at most 90 days/],
			[
				{ start_date: '2026-11-01T00:00:00Z', end_date: '2026-10-01T00:00:00Z' },
				/^start_date: must not be after end_date/
			],
			[{ status: 'pending' }, /^status/],
			[{ service_code: 'abc' }, /^service_code/],
			[{ extensions: 'yes' }, /^extensions/],
			[{ page: '2' }, /^page: unknown parameter/]
		];
		for (const [query, msg] of bad) {
			const e = refusal(() => parseRequestsQuery(query, now));
			expect(e.status, JSON.stringify(query)).toBe(400);
			expect(e.description, JSON.stringify(query)).toMatch(msg);
		}
	});

	it('status open, closed or both', () => {
		const one = parseRequestsQuery({ status: 'closed' }, now);
		expect(one.kind === 'filter' && one.status).toEqual(['closed']);
		const both = parseRequestsQuery({ status: 'open,closed' }, now);
		expect(both.kind === 'filter' && both.status).toBeNull();
	});

	it('GET requests/{id} takes extensions and a locale only', () => {
		expect(parseRequestQuery({ extensions: 'true' })).toMatchObject({ extensions: true });
		expect(refusal(() => parseRequestQuery({ status: 'open' })).description).toMatch(/unknown/);
	});
});

describe('POST requests parameters', () => {
	it('gathers attribute[code] fields and reads lat/long as decimals', () => {
		const p = parsePostParams([
			['api_key', 'k'],
			['service_code', '20101'],
			['lat', '36.6612'],
			['long', '117.0501'],
			['attribute[hazard]', 'yes'],
			['first_name', ''],
			['email', 'a@example.cn']
		]);
		expect(p).toMatchObject({
			service_code: '20101',
			lat: 36.6612,
			long: 117.0501,
			attribute: { hazard: ['yes'] },
			email: 'a@example.cn'
		});
		expect(p.first_name).toBeUndefined();
	});

	it('refuses bad values naming the parameter', () => {
		const base: [string, string][] = [['service_code', '20101']];
		const cases: [[string, string][], RegExp][] = [
			[[], /^service_code/],
			[[['service_code', 'x']], /^service_code/],
			[[...base, ['lat', '91']], /^lat: must be ≤ 90/],
			[[...base, ['long', 'east']], /^long: must be a decimal number/],
			[[...base, ['lat', '1e3']], /^lat/],
			[[...base, ['media_url', 'javascript:alert(1)']], /^media_url/],
			[[...base, ['attribute', 'x']], /malformed attribute/],
			[[...base, ['service_code', '20102']], /given more than once/],
			[[...base, ['colour', 'red']], /^colour: unknown parameter/]
		];
		for (const [fields, msg] of cases) {
			const e = refusal(() => parsePostParams(fields));
			expect(e.status).toBe(400);
			expect(e.description, JSON.stringify(fields)).toMatch(msg);
		}
	});

	it('reads a flat JSON body, attribute as an object', () => {
		expect(
			jsonFields({ service_code: '20101', lat: 36.66, attribute: { hazard: 'no', x: ['a', 'b'] } })
		).toEqual([
			['service_code', '20101'],
			['lat', '36.66'],
			['attribute[hazard]', 'no'],
			['attribute[x]', 'a'],
			['attribute[x]', 'b']
		]);
		expect(refusal(() => jsonFields([1])).status).toBe(400);
		expect(refusal(() => jsonFields({ lat: { a: 1 } })).description).toMatch(/^lat/);
	});
});

describe('OPEN311_DEMO_KEY', () => {
	it('is optional (no default key) and, when set, 16-256 printable characters', () => {
		expect(loadConfig({}).OPEN311_DEMO_KEY).toBeUndefined();
		expect(loadConfig({ OPEN311_DEMO_KEY: 'demo-open311-key-2026' }).OPEN311_DEMO_KEY).toBe(
			'demo-open311-key-2026'
		);
		expect(() => loadConfig({ OPEN311_DEMO_KEY: 'short' })).toThrow(/OPEN311_DEMO_KEY/);
		expect(() => loadConfig({ OPEN311_DEMO_KEY: 'has spaces in the key' })).toThrow(
			/OPEN311_DEMO_KEY/
		);
	});
});
