/**
 * The residents' reporting path against the built app: /report takes a multipart form with
 * photos (no login), answers with the tracking code, refuses non-images and places outside the
 * district, and is rate-limited per client; the photos are then served to staff only, with the
 * right content type, nosniff and a long private cache, and without their EXIF/GPS metadata.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness';

let api: Api;
let point: { lon: number; lat: number };

beforeAll(async () => {
	api = await startApi({ TRUSTED_PROXY: '127.0.0.1', RATE_LIMIT_REPORTS_PER_MINUTE: '4' });
	const [p] = await api.db.query<{ lon: number; lat: number }>(
		'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
	);
	point = p!;
}, 180_000);
afterAll(async () => {
	await api?.close();
});

let clientNo = 0;
/** Each test posts from its own address (X-Forwarded-For from the trusted proxy). */
const newClient = () => `198.51.100.${++clientNo}`;

async function postReport(
	fields: Record<string, string>,
	files: { name: string; type: string; bytes: Buffer }[] = [],
	opts: { client?: string; cookie?: string | null } = {}
) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const f of files) {
		fd.append('photos', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
	}
	const req = new Request('http://local/report', { method: 'POST', body: fd });
	const raw = Buffer.from(await req.arrayBuffer());
	return api.request('POST', '/report', {
		cookie: opts.cookie ?? null,
		raw,
		sameOrigin: true,
		headers: {
			'content-type': req.headers.get('content-type')!,
			accept: 'text/html',
			'x-forwarded-for': opts.client ?? newClient()
		}
	});
}

const fields = () => ({
	category: '20101',
	lon: String(point.lon),
	lat: String(point.lat),
	description: '路边垃圾堆积，有异味',
	name: '李先生',
	phone: '13900001234'
});

const gpsJpeg = () =>
	sharp({ create: { width: 300, height: 200, channels: 3, background: '#556677' } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'TestCam' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '36/1 40/1 0/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '117/1 2/1 0/1'
			}
		})
		.toBuffer();

const codeIn = (html: string) => /data-testid="report-code"[^>]*>([A-Z0-9]{10})</.exec(html)?.[1];

describe('GET /report', () => {
	it('is public and offers the category tree', async () => {
		const r = await api.request('GET', '/report', { headers: { accept: 'text/html' } });
		expect(r.status).toBe(200);
		expect(r.text).toContain('data-testid="report-form"');
		expect(r.text).toContain('enctype="multipart/form-data"');
		expect(r.text).toMatch(/<optgroup[^>]*>/);
		expect(r.text).toContain('value="20101"');
	});
});

describe('POST /report', () => {
	it('files the case with its photos and answers with the tracking code', async () => {
		const r = await postReport(fields(), [
			{ name: 'IMG_2041.jpg', type: 'image/jpeg', bytes: await gpsJpeg() }
		]);
		expect(r.status).toBe(200);
		const code = codeIn(r.text);
		expect(code).toBeDefined();
		expect(r.text).toContain(`href="/track/${code}"`);

		const [c] = await api.db.query<{ id: number; source: string; photos: string[] }>(
			`SELECT i.id, i.source, e.photos FROM incident i
			   JOIN incident_event e ON e.incident_id = i.id AND e.seq = 1
			  WHERE i.tracking_code = $1`,
			[code]
		);
		expect(c!.source).toBe('resident');
		expect(c!.photos).toHaveLength(1);
		const name = c!.photos[0]!;
		expect(name).toMatch(/^[0-9a-f]{32}\.jpg$/);

		// The public cannot fetch it; staff can, with safe headers, and it carries no EXIF.
		const url = `/api/incidents/${c!.id}/photos/${name}`;
		expect((await api.request('GET', url)).status).toBe(401);
		expect(
			(await api.request('GET', url, { cookie: await api.login('demo-planner') })).status
		).toBe(403);
		const got = await api.request('GET', url, { cookie: await api.login('demo-operator') });
		expect(got.status).toBe(200);
		expect(got.headers['content-type']).toBe('image/jpeg');
		expect(got.headers['x-content-type-options']).toBe('nosniff');
		expect(got.headers['cache-control']).toMatch(/private.*max-age=31536000/);
		const [stored] = await api.db.query<{ bytes: Uint8Array }>(
			'SELECT bytes FROM incident_photo WHERE name = $1',
			[name]
		);
		const meta = await sharp(Buffer.from(stored!.bytes)).metadata();
		expect(meta.exif).toBeUndefined();
		expect(Number(got.headers['content-length'])).toBe(stored!.bytes.byteLength);
		const missing = await api.request(
			'GET',
			`/api/incidents/${c!.id}/photos/${'0'.repeat(32)}.jpg`,
			{
				cookie: await api.login('demo-operator')
			}
		);
		expect(missing.status).toBe(404);
	});

	it('refuses a text file named .jpg and an SVG with 415, filing nothing', async () => {
		const [{ n: before }] = (await api.db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM incident'
		)) as [{ n: number }];
		const text = await postReport(fields(), [
			{ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('not really a photo') }
		]);
		expect(text.status).toBe(415);
		const svg = await postReport(fields(), [
			{
				name: 'x.svg',
				type: 'image/svg+xml',
				bytes: Buffer.from(
					'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
				)
			}
		]);
		expect(svg.status).toBe(415);
		expect(svg.text).toContain('data-testid="report-error"');
		const [{ n: after }] = (await api.db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM incident'
		)) as [{ n: number }];
		expect(after).toBe(before);
	});

	it('refuses a fourth photo, a place outside the district and a missing category', async () => {
		const one = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
			.png()
			.toBuffer();
		const four = await postReport(
			fields(),
			[1, 2, 3, 4].map((i) => ({ name: `${i}.png`, type: 'image/png', bytes: one }))
		);
		expect(four.status).toBe(400);
		const outside = await postReport({ ...fields(), lon: '100.5', lat: '30.1' });
		expect(outside.status).toBe(400);
		expect(outside.text).toContain('data-testid="report-error"');
		const noCategory = await postReport({ ...fields(), category: '' });
		expect(noCategory.status).toBe(400);
	});

	it('limits anonymous reports per client', async () => {
		const client = newClient();
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await postReport(fields(), [], { client })).status);
		expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
		expect(statuses.slice(4)).toEqual([429, 429]);
		// Another client is not held up.
		expect((await postReport(fields())).status).toBe(200);
	});

	it('files a grid worker report with source gridworker', async () => {
		const r = await postReport(fields(), [], { cookie: await api.login('demo-gridworker') });
		expect(r.status).toBe(200);
		const [c] = await api.db.query<{ source: string }>(
			'SELECT source FROM incident WHERE tracking_code = $1',
			[codeIn(r.text)]
		);
		expect(c!.source).toBe('gridworker');
	});
});
