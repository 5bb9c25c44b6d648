/**
 * The operations map's API on the BUILT app (tests/api/harness.ts): vector tiles decoded, the heat
 * binary round trip, ETag/304 and invalidation by a change, every bad parameter → 400 naming it,
 * scope and roles, search, and the live stream: a case created through POST /api/incidents
 * arrives on /api/stream, and Last-Event-ID replays it.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { startApi, type Api } from './harness';

let api: Api;
let admin: string;
let busy = { z: 14, x: 0, y: 0 };
let district = { w: 0, s: 0, e: 0, n: 0 };
const PERIOD = 'from=2025-11-21&to=2026-11-20';

function tileOf(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
	};
}

/** GET with the raw body as bytes (the harness decodes text). */
function getBytes(
	p: string,
	headers: Record<string, string> = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		http
			.get({ host: '127.0.0.1', port: api.port, path: p, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks)
					})
				);
			})
			.on('error', reject);
	});
}

function decode(body: Buffer) {
	const layer = new VectorTile(new PbfReader(new Uint8Array(body))).layers['incidents'];
	if (!layer) return [];
	return Array.from({ length: layer.length }, (_, i) => {
		const f = layer.feature(i);
		return { id: f.id, properties: f.properties };
	});
}

beforeAll(async () => {
	api = await startApi();
	admin = await api.login('demo-admin');
	const [p] = await api.db.query<{ lon: number; lat: number }>(
		`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident
		  WHERE state <> 'merged' AND reported_at >= '2025-11-21' ORDER BY id LIMIT 1`
	);
	busy = tileOf(p!.lon, p!.lat, 14);
	const [d] = await api.db.query<{ w: number; s: number; e: number; n: number }>(
		`SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n
		   FROM admin_area WHERE level = 'district'`
	);
	district = d!;
});
afterAll(async () => {
	await api?.close();
});

describe('GET /api/tiles/incidents/{z}/{x}/{y}', () => {
	it('answers a vector tile with the case attributes, an ETag, and 304 when unchanged', async () => {
		const url = `/api/tiles/incidents/${busy.z}/${busy.x}/${busy.y}?${PERIOD}`;
		const r = await getBytes(url, { cookie: admin });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
		expect(r.headers['cache-control']).toBe('private, no-cache');
		const features = decode(r.body);
		expect(features.length).toBeGreaterThan(0);
		expect(Object.keys(features[0]!.properties).sort()).toEqual(
			['category', 'number', 'priority', 'state', 'urgency'].sort()
		);
		const etag = r.headers.etag!;
		expect(etag).toMatch(/^"[\w-]{22}"$/);
		const again = await getBytes(url, { cookie: admin, 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(again.body.length).toBe(0);
		// Another viewer's reply is another version (scope and role are part of the tag).
		const sup = await api.login('demo-supervisor');
		const other = await getBytes(url, { cookie: sup, 'if-none-match': etag });
		expect([200, 304]).toContain(other.status);
		// A low-zoom tile aggregates.
		const z11 = tileOf((district.w + district.e) / 2, (district.s + district.n) / 2, 11);
		const bins = decode(
			(await getBytes(`/api/tiles/incidents/11/${z11.x}/${z11.y}?${PERIOD}`, { cookie: admin }))
				.body
		);
		expect(bins.length).toBeGreaterThan(0);
		expect(Object.keys(bins[0]!.properties).sort()).toEqual(['count', 'overdue']);
	});

	it('a new case invalidates the incidents layer (200 again) but not the service points', async () => {
		const url = `/api/tiles/incidents/${busy.z}/${busy.x}/${busy.y}?${PERIOD}`;
		const etag = (await getBytes(url, { cookie: admin })).headers.etag!;
		const sp = await getBytes('/api/layers/service-points', { cookie: admin });
		await api.db.query(
			"INSERT INTO change_log (kind, entity_id, op, subdistrict_code) VALUES ('incident', 1, 'update', NULL)"
		);
		const after = await getBytes(url, { cookie: admin, 'if-none-match': etag });
		expect(after.status).toBe(200);
		expect(after.headers.etag).not.toBe(etag);
		const sp2 = await getBytes('/api/layers/service-points', {
			cookie: admin,
			'if-none-match': sp.headers.etag!
		});
		expect(sp2.status).toBe(304);
	});

	it('the public map has no case layer; a planner neither', async () => {
		const url = `/api/tiles/incidents/${busy.z}/${busy.x}/${busy.y}`;
		expect((await api.request('GET', url)).status).toBe(401);
		expect(
			(await api.request('GET', url, { cookie: await api.login('demo-planner') })).status
		).toBe(403);
	});
});

describe('GET /api/layers/incidents/heat', () => {
	it('round-trips little-endian Float32 [lon, lat, weight] triplets', async () => {
		const bbox = [district.w, district.s, district.e, district.n].join(',');
		const r = await getBytes(`/api/layers/incidents/heat?bbox=${bbox}&cell=400&${PERIOD}`, {
			cookie: admin
		});
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('application/octet-stream');
		expect(r.body.length % 12).toBe(0);
		const view = new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
		let sum = 0;
		for (let i = 0; i < r.body.length; i += 12) {
			expect(view.getFloat32(i, true)).toBeGreaterThan(district.w - 0.01);
			expect(view.getFloat32(i + 4, true)).toBeLessThan(district.n + 0.01);
			sum += view.getFloat32(i + 8, true);
		}
		const [t] = await api.db.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM incident
			  WHERE reported_at >= '2025-11-21T00:00:00+08:00' AND reported_at < '2026-11-21T00:00:00+08:00'
			    AND state <> 'merged'`
		);
		expect(sum).toBe(t!.n);
		const again = await getBytes(`/api/layers/incidents/heat?bbox=${bbox}&cell=400&${PERIOD}`, {
			cookie: admin,
			'if-none-match': r.headers.etag!
		});
		expect(again.status).toBe(304);
	});
});

describe('bad parameters → 400 naming the parameter', () => {
	const tile = (q: string, zxy = '14/13500/6300') => `/api/tiles/incidents/${zxy}?${q}`;
	const heat = (q: string) => `/api/layers/incidents/heat?${q}`;
	const good = 'bbox=117,36.6,117.1,36.7&cell=500';
	it.each([
		[tile('', '23/0/0'), 'z'],
		[tile('', '-1/0/0'), 'z'],
		[tile('', 'abc/0/0'), 'z'],
		[tile('', '10/1024/0'), 'x'],
		[tile('', '10/NaN/0'), 'x'],
		[tile('', '10/0/4096'), 'y'],
		[tile('from=NaN'), 'from'],
		[tile('from=2026-02-30'), 'from'],
		[tile('to=tomorrow'), 'to'],
		[tile('from=2026-11-10&to=2026-11-01'), 'from'],
		[tile('from=2020-01-01&to=2026-01-01'), 'from'],
		[tile('status=open'), 'status'],
		[tile('status='), 'status'],
		[tile('category=99999'), 'category'],
		[tile('urgency=green'), 'urgency'],
		[tile('subdistrict=123'), 'subdistrict'],
		[heat('cell=500'), 'bbox'],
		[heat('bbox=NaN,36.6,117.1,36.7&cell=500'), 'bbox'],
		[heat('bbox=117,36.6,117.1&cell=500'), 'bbox'],
		[heat('bbox=117.1,36.6,117,36.7&cell=500'), 'bbox'],
		[heat('bbox=117,36.7,117.1,36.6&cell=500'), 'bbox'],
		[heat('bbox=70,10,140,55&cell=500'), 'bbox'],
		[heat('bbox=117,36.6,190,36.7&cell=500'), 'bbox'],
		[heat('bbox=117,36.6,117.1,36.7&cell=10'), 'cell'],
		[heat('bbox=117,36.6,117.1,36.7&cell=abc'), 'cell'],
		[heat('bbox=117,36.6,117.1,36.7'), 'cell'],
		[heat(`${good}&status=nope`), 'status'],
		['/api/layers/grid?from=2026-99-01', 'from'],
		['/api/layers/service-points?type=meal,spa', 'type'],
		['/api/search?q=', 'q'],
		[`/api/search?q=${'x'.repeat(51)}`, 'q'],
		['/api/stream?mode=forever', 'mode'],
		['/api/stream?lastEventId=abc', 'lastEventId']
	])('%s → 400 about %s', async (p, param) => {
		const r = await api.request('GET', p, { cookie: admin });
		expect(r.status, r.text).toBe(400);
		expect(r.json<{ message: string }>().message).toContain(param);
	});

	it('a subdistrict outside the caller’s scope is refused', async () => {
		const subs = await api.db.query<{ code: string }>(
			"SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code"
		);
		const leader = await api.login(`demo-leader-${subs[0]!.code}`);
		const r = await api.request(
			'GET',
			`/api/tiles/incidents/14/13500/6300?subdistrict=${subs[1]!.code}`,
			{
				cookie: leader
			}
		);
		expect(r.status).toBe(400);
		expect(r.json<{ message: string }>().message).toContain('"subdistrict"');
		expect(r.json<{ message: string }>().message).toContain('outside your scope');
	});

	it('Last-Event-ID must be a change id', async () => {
		const r = await api.request('GET', '/api/stream', {
			cookie: admin,
			headers: { 'last-event-id': 'x1' }
		});
		expect(r.status).toBe(400);
		expect(r.json<{ message: string }>().message).toContain('Last-Event-ID');
	});
});

describe('GeoJSON layers and search', () => {
	it('grid, grid cell, service points, sensors and search answer per the contract', async () => {
		const grid = await api.request('GET', `/api/layers/grid?${PERIOD}`, { cookie: admin });
		expect(grid.status).toBe(200);
		expect(grid.headers['content-type']).toContain('application/geo+json');
		const fc = grid.json<{ features: { properties: Record<string, unknown> }[] }>();
		expect(fc.features.length).toBeGreaterThan(0);
		const code = fc.features[0]!.properties.code as string;
		const cell = await api.request('GET', `/api/layers/grid/${code}?${PERIOD}`, { cookie: admin });
		expect(cell.json()).toMatchObject({ code, residents: fc.features[0]!.properties.residents });
		expect((await api.request('GET', '/api/layers/grid/12')).status).toBe(404);
		const sp = await api.request('GET', '/api/layers/service-points?type=meal');
		expect(sp.status).toBe(200);
		expect(
			sp
				.json<{ features: { properties: { type: string } }[] }>()
				.features.every((f) => f.properties.type === 'meal')
		).toBe(true);
		expect((await api.request('GET', '/api/layers/sensors', { cookie: admin })).status).toBe(200);
		expect((await api.request('GET', '/api/layers/sensors')).status).toBe(401);
		const hits = await api.request('GET', `/api/search?q=${code.slice(0, 10)}`);
		expect(hits.json<{ kind: string }[]>()[0]).toMatchObject({ kind: 'grid' });
	});
});

/** An open SSE connection that collects frames. */
function openStream(headers: Record<string, string>, p = '/api/stream') {
	const frames: { id: number | null; event: string; data: Record<string, unknown> }[] = [];
	let buf = '';
	let res: http.IncomingMessage | undefined;
	const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port: api.port, path: p, headers }, (r) => {
			res = r;
			r.setEncoding('utf8');
			r.on('data', (chunk: string) => {
				buf += chunk;
				let at: number;
				while ((at = buf.indexOf('\n\n')) >= 0) {
					const block = buf.slice(0, at);
					buf = buf.slice(at + 2);
					let id: number | null = null;
					let event = '';
					let data = '';
					for (const line of block.split('\n')) {
						if (line.startsWith('id: ')) id = Number(line.slice(4));
						if (line.startsWith('event: ')) event = line.slice(7);
						if (line.startsWith('data: ')) data = line.slice(6);
					}
					if (event) frames.push({ id, event, data: JSON.parse(data) });
				}
			});
			// The first bytes (retry + comment) mean the server registered the connection.
			r.once('data', () => resolve(r));
		});
		req.on('error', reject);
	});
	return {
		frames,
		ready,
		headers: () => res!.headers,
		async waitFor(pred: (f: (typeof frames)[number]) => boolean, ms: number) {
			const end = Date.now() + ms;
			while (Date.now() < end) {
				const hit = frames.find(pred);
				if (hit) return hit;
				await new Promise((r) => setTimeout(r, 10));
			}
			return frames.find(pred);
		},
		close: () => res?.destroy()
	};
}

describe('GET /api/stream', () => {
	it('a case created through POST /api/incidents arrives on the stream; Last-Event-ID replays it', async () => {
		const s = openStream({ cookie: admin, accept: 'text/event-stream' });
		await s.ready;
		expect(s.headers()['content-type']).toBe('text/event-stream; charset=utf-8');
		expect(s.headers()['cache-control']).toBe('no-cache, no-transform');
		expect(s.headers()['content-encoding']).toBeUndefined();
		expect(s.headers()['x-accel-buffering']).toBe('no');
		// Warm the write path once, so the timing below is the stream's, not a cold start's.
		const [p] = await api.db.query<{ lon: number; lat: number }>(
			'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
		);
		const report = { category: '20101', lon: p!.lon, lat: p!.lat, description: 'Map stream test' };
		const warm = await api.request('POST', '/api/incidents', { body: report });
		expect(warm.status, warm.text).toBe(201);
		expect(await s.waitFor((f) => f.event === 'incident', 5000)).toBeDefined();

		// Latency is the stream benchmark's job (`npm run bench -- map`); here: it arrives, intact.
		const t0 = Date.now();
		const created = await api.request('POST', '/api/incidents', { body: report });
		expect(created.status).toBe(201);
		const body = created.json<Record<string, unknown>>();
		// The public (who reported it here) gets the number back, not the id.
		const incident = body.incident as { number: string };
		const got = await s.waitFor(
			(f) => f.event === 'incident' && f.data.number === incident.number,
			10_000
		);
		expect(got, `no event within 10 s (${Date.now() - t0} ms)`).toBeDefined();
		expect(typeof got!.data.id).toBe('number');
		expect(got!.data).toMatchObject({
			op: 'insert',
			number: incident.number,
			category: '20101'
		});
		expect(typeof got!.data.lon).toBe('number');
		s.close();

		// Reconnect with the id before it: the change is replayed.
		const replay = openStream({ cookie: admin, 'last-event-id': String(got!.id! - 1) });
		await replay.ready;
		const again = await replay.waitFor((f) => f.id === got!.id, 3000);
		expect(again).toMatchObject({ event: 'incident', data: { number: incident.number } });
		replay.close();

		// The public stream never carries cases.
		const pub = await api.request('GET', `/api/stream?mode=poll&lastEventId=${got!.id! - 1}`);
		expect(pub.status).toBe(200);
		expect(pub.text).not.toContain('event: incident');
	});
});
