/**
 * The operations map's server side on the seeded small demo, on the engine under test (PGlite, or
 * PostgreSQL with TEST_DATABASE_URL): vector tiles decoded and checked against an independent
 * PostGIS count, aggregation that sums to the filtered total, both MVT encoders agreeing, the
 * heat columns, the GeoJSON layers, search, scope, and layer versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Actor } from '../../src/lib/domain/actor';
import { ANONYMOUS } from '../../src/lib/domain/actor';
import { PermissionError } from '../../src/lib/domain/permissions';
import { parseFilters, type MapFilters, type TileAddress } from '../../src/lib/map/filters';
import {
	incidentEtag,
	incidentHeat,
	incidentTile,
	mvtStatement,
	tileQuery,
	tileRows
} from '../../src/lib/server/map/incidents';
import { encodeRows, sqlEncodes } from '../../src/lib/server/map/mvt';
import {
	gridCell,
	gridLayer,
	sensorsLayer,
	servicePointsLayer
} from '../../src/lib/server/map/layers';
import { mapSearch } from '../../src/lib/server/map/search';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
let subs: string[];
const NOW = new Date('2026-11-20T10:00:00+08:00');
const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const operator = (scope: string[]): Actor => ({
	role: 'operator',
	scope,
	userId: null,
	username: 'op'
});

function filters(q = ''): MapFilters {
	const r = parseFilters(new URLSearchParams(`from=2025-11-21&to=2026-11-20&${q}`), '2026-11-20');
	if (!r.ok) throw r.error;
	return r.value;
}

/** The tile at zoom z that holds a point. */
function tileOf(lon: number, lat: number, z: number): TileAddress {
	const n = 2 ** z;
	const x = Math.floor(((lon + 180) / 360) * n);
	const r = (lat * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
	return { z, x, y };
}

interface Decoded {
	id: number | undefined;
	x: number;
	y: number;
	properties: Record<string, unknown>;
}

function decode(bytes: Uint8Array): Decoded[] {
	const tile = new VectorTile(new PbfReader(bytes));
	const layer = tile.layers['incidents'];
	if (!layer) return [];
	expect(layer.extent).toBe(4096);
	const out: Decoded[] = [];
	for (let i = 0; i < layer.length; i++) {
		const f = layer.feature(i);
		expect(f.type).toBe(1);
		const p = f.loadGeometry()[0]![0]!;
		out.push({ id: f.id, x: p.x, y: p.y, properties: { ...f.properties } });
	}
	return out.sort((a, b) => (a.id ?? 0) - (b.id ?? 0) || a.x - b.x || a.y - b.y);
}

/** Cases matching the test window and states, counted by PostGIS itself in a tile (+ buffer). */
async function independentIds(t: TileAddress, bufferUnits: number, extra = ''): Promise<number[]> {
	const rows = await db.query<{ id: number }>(
		`SELECT i.id::int AS id FROM incident i,
		        LATERAL (SELECT ST_TileEnvelope($1, $2, $3) AS env) e
		  WHERE ST_Intersects(ST_Transform(i.geom, 3857),
		          ST_Expand(e.env, (ST_XMax(e.env) - ST_XMin(e.env)) * $4 / 4096.0))
		    AND i.reported_at >= '2025-11-21T00:00:00+08:00' AND i.reported_at < '2026-11-21T00:00:00+08:00'
		    AND i.state <> 'merged' ${extra}
		  ORDER BY i.id`,
		[t.z, t.x, t.y, bufferUnits]
	);
	return rows.map((r) => r.id);
}

let busy: TileAddress;
let district: { w: number; s: number; e: number; n: number };

beforeAll(async () => {
	db = await testDb();
	subs = (
		await db.query<{ code: string }>(
			"SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code"
		)
	).map((r) => r.code);
	// The z14 tile with the most cases in the window.
	const pts = await db.query<{ lon: number; lat: number }>(
		`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident
		  WHERE reported_at >= '2025-11-21T00:00:00+08:00' AND state <> 'merged'`
	);
	const counts = new Map<string, number>();
	for (const p of pts) {
		const t = tileOf(p.lon, p.lat, 14);
		const k = `${t.x}/${t.y}`;
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
	const [x, y] = best![0].split('/').map(Number);
	busy = { z: 14, x: x!, y: y! };
	const [d] = await db.query<{ w: number; s: number; e: number; n: number }>(
		`SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n
		   FROM admin_area WHERE level = 'district'`
	);
	district = d!;
});
afterAll(async () => {
	await db?.close();
});

describe('incident tiles', () => {
	it('z14: one point per case with its attributes, the same cases PostGIS finds', async () => {
		const features = decode(await incidentTile(db, admin, busy, filters(), NOW));
		expect(features.length).toBeGreaterThan(3);
		expect(features.map((f) => f.id)).toEqual(await independentIds(busy, 64));
		const [row] = await db.query<{
			number: string;
			state: string;
			category: string;
			priority: number;
		}>(
			'SELECT number, state, category_code AS category, priority::int AS priority FROM incident WHERE id = $1',
			[features[0]!.id]
		);
		expect(features[0]!.properties).toMatchObject(row!);
		for (const f of features) {
			expect(Object.keys(f.properties).sort()).toEqual(
				['category', 'number', 'priority', 'state', 'urgency'].sort()
			);
			expect(['none', 'blue', 'yellow', 'red', 'overdue']).toContain(f.properties.urgency);
			expect([1, 2, 3]).toContain(f.properties.priority);
			expect(f.x).toBeGreaterThanOrEqual(-64);
			expect(f.x).toBeLessThanOrEqual(4096 + 64);
		}
	});

	it('puts each point where PostGIS puts it (ST_Transform to 3857, tile units)', async () => {
		const features = decode(await incidentTile(db, admin, busy, filters(), NOW));
		const f = features[0]!;
		const [p] = await db.query<{ x: number; y: number }>(
			`SELECT (ST_X(m) - ST_XMin(e)) * 4096 / (ST_XMax(e) - ST_XMin(e)) AS x,
			        (ST_YMax(e) - ST_Y(m)) * 4096 / (ST_YMax(e) - ST_YMin(e)) AS y
			   FROM (SELECT ST_Transform(geom, 3857) AS m, ST_TileEnvelope($2, $3, $4) AS e
			           FROM incident WHERE id = $1) q`,
			[f.id, busy.z, busy.x, busy.y]
		);
		expect(Math.abs(f.x - p!.x)).toBeLessThanOrEqual(0.5 + 1e-6);
		expect(Math.abs(f.y - p!.y)).toBeLessThanOrEqual(0.5 + 1e-6);
	});

	it('filters by state, category (a major includes its subcategories) and urgency', async () => {
		const closed = decode(await incidentTile(db, admin, busy, filters('status=closed'), NOW));
		expect(closed.map((f) => f.id)).toEqual(
			await independentIds(busy, 64, "AND i.state = 'closed'")
		);
		expect(closed.every((f) => f.properties.state === 'closed')).toBe(true);
		const all = decode(await incidentTile(db, admin, busy, filters(), NOW));
		const major = String(all[0]!.properties.category).slice(0, 3);
		const byMajor = decode(await incidentTile(db, admin, busy, filters(`category=${major}`), NOW));
		expect(byMajor.length).toBeGreaterThan(0);
		expect(byMajor.map((f) => f.id)).toEqual(
			all.filter((f) => String(f.properties.category).startsWith(major)).map((f) => f.id)
		);
		const overdue = decode(await incidentTile(db, admin, busy, filters('urgency=overdue'), NOW));
		expect(overdue.map((f) => f.id)).toEqual(
			all.filter((f) => f.properties.urgency === 'overdue').map((f) => f.id)
		);
	});

	it('below z14: bins whose counts sum to the filtered total over the tiles covering the area', async () => {
		for (const [z, q] of [
			[12, ''],
			[11, 'status=closed'],
			[13, 'urgency=overdue,red']
		] as const) {
			const f = filters(q);
			const a = tileOf(district.w, district.n, z);
			const b = tileOf(district.e, district.s, z);
			let sum = 0;
			let overdue = 0;
			let bins = 0;
			for (let x = a.x; x <= b.x; x++) {
				for (let y = a.y; y <= b.y; y++) {
					for (const bin of decode(await incidentTile(db, admin, { z, x, y }, f, NOW))) {
						expect(Object.keys(bin.properties).sort()).toEqual(['count', 'overdue']);
						expect(bin.properties.overdue as number).toBeLessThanOrEqual(
							bin.properties.count as number
						);
						expect(bin.x).toBeGreaterThanOrEqual(0);
						expect(bin.x).toBeLessThanOrEqual(4096);
						sum += bin.properties.count as number;
						overdue += bin.properties.overdue as number;
						bins++;
					}
				}
			}
			const states = q.startsWith('status=') ? "AND state = 'closed'" : "AND state <> 'merged'";
			const urg = q.startsWith('urgency=')
				? "AND map_urgency(stage, stage_started_at, deadline_at, $1) IN ('overdue', 'red')"
				: '';
			const [t] = await db.query<{ n: number; o: number }>(
				`SELECT count(*)::int AS n,
				        (count(*) FILTER (WHERE map_urgency(stage, stage_started_at, deadline_at, $1) = 'overdue'))::int AS o
				   FROM incident
				  WHERE reported_at >= '2025-11-21T00:00:00+08:00' AND reported_at < '2026-11-21T00:00:00+08:00'
				    ${states} ${urg}`,
				[NOW]
			);
			expect(sum, `z${z} ${q}`).toBe(t!.n);
			expect(overdue).toBe(t!.o);
			expect(sum).toBeGreaterThan(0);
			// Aggregated: far fewer features than cases at city scale.
			if (z === 12 && q === '') expect(bins).toBeLessThan(sum / 2);
		}
	});

	it('an empty tile is an empty body', async () => {
		expect((await incidentTile(db, admin, { z: 14, x: 0, y: 0 }, filters(), NOW)).length).toBe(0);
	});

	it('both encoders yield the same decoded features for the same rows', async (ctx) => {
		if (!(await sqlEncodes(db))) {
			// PGlite's PostGIS has no protobuf: only the Node encoder exists there.
			expect(db.engine).toBe('pglite');
			ctx.skip();
			return;
		}
		for (const t of [busy, { z: 12, x: busy.x >> 2, y: busy.y >> 2 }]) {
			const q = tileQuery(admin, t, filters(), NOW);
			const [row] = await db.query<{ tile: Uint8Array }>(mvtStatement(q), q.params);
			const node = decode(encodeRows(await tileRows(db, q)));
			expect(node.length).toBeGreaterThan(0);
			expect(decode(new Uint8Array(row!.tile))).toEqual(node);
		}
	});

	it('is scoped: a subdistrict operator sees only their cases; the public has no case layer', async () => {
		const [own] = await db.query<{ sub: string }>(
			`SELECT subdistrict_code AS sub FROM incident i WHERE id = $1`,
			[decode(await incidentTile(db, admin, busy, filters(), NOW))[0]!.id]
		);
		const other = subs.find((s) => s !== own!.sub)!;
		const mine = decode(await incidentTile(db, operator([own!.sub]), busy, filters(), NOW));
		expect(mine.map((f) => f.id)).toEqual(
			await independentIds(busy, 64, `AND i.subdistrict_code = '${own!.sub}'`)
		);
		const theirs = decode(await incidentTile(db, operator([other]), busy, filters(), NOW));
		expect(theirs.map((f) => f.id)).toEqual(
			await independentIds(busy, 64, `AND i.subdistrict_code = '${other}'`)
		);
		await expect(incidentTile(db, ANONYMOUS, busy, filters(), NOW)).rejects.toBeInstanceOf(
			PermissionError
		);
		await expect(
			incidentTile(db, { ...admin, role: 'planner' }, busy, filters(), NOW)
		).rejects.toBeInstanceOf(PermissionError);
		// Asking for a subdistrict outside the scope is refused, naming the parameter.
		await expect(
			incidentTile(db, operator([own!.sub]), busy, filters(`subdistrict=${other}`), NOW)
		).rejects.toMatchObject({
			status: 400,
			body: { message: expect.stringContaining('"subdistrict"') }
		});
	});
});

describe('heat layer', () => {
	it('little-endian [lon, lat, weight] triplets whose weights sum to the filtered total', async () => {
		const bbox: [number, number, number, number] = [district.w, district.s, district.e, district.n];
		const bytes = await incidentHeat(db, admin, bbox, 500, filters(), NOW);
		expect(bytes.length % 12).toBe(0);
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		let sum = 0;
		for (let i = 0; i < bytes.length; i += 12) {
			const lon = view.getFloat32(i, true);
			const lat = view.getFloat32(i + 4, true);
			expect(lon).toBeGreaterThanOrEqual(district.w - 1e-4);
			expect(lon).toBeLessThanOrEqual(district.e + 1e-4);
			expect(lat).toBeGreaterThanOrEqual(district.s - 1e-4);
			expect(lat).toBeLessThanOrEqual(district.n + 1e-4);
			sum += view.getFloat32(i + 8, true);
		}
		const [t] = await db.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM incident
			  WHERE reported_at >= '2025-11-21T00:00:00+08:00' AND reported_at < '2026-11-21T00:00:00+08:00'
			    AND state <> 'merged'`
		);
		expect(sum).toBe(t!.n);
		// Coarser cells: fewer triplets, same total.
		const coarse = await incidentHeat(db, admin, bbox, 2000, filters(), NOW);
		expect(coarse.length).toBeLessThan(bytes.length);
	});
});

describe('GeoJSON layers', () => {
	it('grid cells with numbers; case counts only for case readers in scope', async () => {
		const layer = await gridLayer(db, admin, filters(), NOW);
		const fc = JSON.parse(await layer.build()) as FeatureCollection<
			Geometry,
			Record<string, number | string | null>
		>;
		const [cells] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grid_cell');
		expect(fc.features).toHaveLength(cells!.n);
		const p = fc.features[0]!.properties;
		expect(Object.keys(p).sort()).toEqual(
			[
				'age60',
				'age60Share',
				'code',
				'community',
				'incidents',
				'incidentsPer1000',
				'openIncidents',
				'residents',
				'subdistrict'
			].sort()
		);
		const total = fc.features.reduce((s, f) => s + (f.properties.incidents as number), 0);
		const [t] = await db.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM incident
			  WHERE grid_cell_id IS NOT NULL AND state <> 'merged'
			    AND reported_at >= '2025-11-21T00:00:00+08:00' AND reported_at < '2026-11-21T00:00:00+08:00'`
		);
		expect(total).toBe(t!.n);
		expect(JSON.stringify(fc.features[0]!.geometry)).not.toMatch(/\.\d{7,}/);
		// The public sees the geography and population, not the case counts.
		const pub = JSON.parse(
			await (await gridLayer(db, ANONYMOUS, filters(), NOW)).build()
		) as typeof fc;
		expect(pub.features.every((f) => f.properties.incidents === null)).toBe(true);
		expect(pub.features[0]!.properties.residents).toBe(p.residents);
		// A scoped operator: counts in their subdistrict only.
		const op = JSON.parse(
			await (await gridLayer(db, operator([subs[0]!]), filters(), NOW)).build()
		) as typeof fc;
		for (const f of op.features) {
			expect(f.properties.incidents === null).toBe(f.properties.subdistrict !== subs[0]);
		}
		// The panel agrees with the layer.
		const cell = fc.features.find((f) => (f.properties.incidents as number) > 0)!;
		const panel = await gridCell(db, admin, cell.properties.code as string, filters());
		expect(panel).toMatchObject({
			code: cell.properties.code,
			incidents: cell.properties.incidents,
			openIncidents: cell.properties.openIncidents,
			residents: cell.properties.residents
		});
		expect(panel.communityName.length).toBeGreaterThan(0);
		expect((await gridCell(db, ANONYMOUS, panel.code, filters())).incidents).toBeNull();
		await expect(gridCell(db, admin, '99999999999999', filters())).rejects.toMatchObject({
			status: 404
		});
	});

	it('service points, by type; sensors with their worst open alert', async () => {
		const all = JSON.parse(
			await (await servicePointsLayer(db, ANONYMOUS, [])).build()
		) as FeatureCollection;
		expect(all.features.length).toBeGreaterThan(0);
		const meal = JSON.parse(
			await (await servicePointsLayer(db, ANONYMOUS, ['meal'])).build()
		) as FeatureCollection;
		expect(meal.features.length).toBeGreaterThan(0);
		expect(meal.features.length).toBeLessThan(all.features.length);
		expect(meal.features.every((f) => f.properties!.type === 'meal')).toBe(true);
		expect(all.features.every((f) => ['active', 'planned'].includes(f.properties!.status))).toBe(
			true
		);

		const sensors = JSON.parse(await (await sensorsLayer(db, admin)).build()) as FeatureCollection;
		expect(sensors.features.length).toBeGreaterThan(0);
		const alerted = sensors.features.filter((f) => f.properties!.alert !== null);
		const [open] = await db.query<{ n: number }>(
			"SELECT count(DISTINCT sensor_id)::int AS n FROM alert WHERE state <> 'resolved'"
		);
		expect(alerted.length).toBe(open!.n);
		for (const f of alerted) {
			expect(Object.keys(f.properties!.alert).sort()).toEqual([
				'id',
				'openedAt',
				'severity',
				'state'
			]);
		}
		await expect(sensorsLayer(db, ANONYMOUS)).rejects.toBeInstanceOf(PermissionError);
	});
});

describe('search', () => {
	it('finds grid cells by code prefix, cases by number, service points by name', async () => {
		const [g] = await db.query<{ code: string }>(
			'SELECT code FROM grid_cell ORDER BY code LIMIT 1'
		);
		const hits = await mapSearch(db, admin, g!.code.slice(0, 12));
		expect(hits.length).toBeGreaterThan(0);
		expect(hits.length).toBeLessThanOrEqual(10);
		expect(hits[0]).toMatchObject({ kind: 'grid', id: g!.code });
		expect(typeof hits[0]!.lon).toBe('number');

		const [c] = await db.query<{ id: number; number: string; sub: string }>(
			'SELECT id::int AS id, number, subdistrict_code AS sub FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
		);
		const cases = await mapSearch(db, admin, c!.number.toLowerCase());
		expect(cases).toEqual([expect.objectContaining({ kind: 'incident', id: String(c!.id) })]);
		// Not for the public, nor for an operator of another subdistrict.
		expect(await mapSearch(db, ANONYMOUS, c!.number)).toEqual([]);
		const other = subs.find((s) => s !== c!.sub)!;
		expect(await mapSearch(db, operator([other]), c!.number)).toEqual([]);

		const [sp] = await db.query<{ name: string }>(
			'SELECT name FROM service_point ORDER BY id LIMIT 1'
		);
		const named = await mapSearch(db, ANONYMOUS, sp!.name.slice(1, 4));
		expect(named.some((h) => h.kind === 'service_point' && h.label === sp!.name)).toBe(true);
		// LIKE wildcards are literal.
		expect(await mapSearch(db, admin, '%')).toEqual([]);
		expect(await mapSearch(db, admin, '_')).toEqual([]);
	});
});

describe('layer versions', () => {
	it('a change invalidates only its own kind', async () => {
		const f = filters();
		const tile1 = await incidentEtag(db, admin, 'tile', f, { tile: busy }, NOW);
		const sp1 = (await servicePointsLayer(db, admin, [])).etag;
		expect(await incidentEtag(db, admin, 'tile', f, { tile: busy }, NOW)).toBe(tile1);
		// Different query or different viewer: different tag.
		expect(
			await incidentEtag(db, admin, 'tile', filters('status=closed'), { tile: busy }, NOW)
		).not.toBe(tile1);
		expect(await incidentEtag(db, operator([subs[0]!]), 'tile', f, { tile: busy }, NOW)).not.toBe(
			tile1
		);
		await db.query(
			"INSERT INTO change_log (kind, entity_id, op) VALUES ('service_point', 1, 'update')"
		);
		expect(await incidentEtag(db, admin, 'tile', f, { tile: busy }, NOW)).toBe(tile1);
		expect((await servicePointsLayer(db, admin, [])).etag).not.toBe(sp1);
		await db.query("INSERT INTO change_log (kind, entity_id, op) VALUES ('incident', 1, 'update')");
		expect(await incidentEtag(db, admin, 'tile', f, { tile: busy }, NOW)).not.toBe(tile1);
	});
});
