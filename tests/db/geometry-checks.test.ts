/**
 * Every geometry column rejects bad input: NaN, 1e999, 200° longitudes, unclosed rings, bowtie
 * polygons and a GeoJSON `crs` member naming another SRID. Rejected means an error and zero rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
beforeAll(async () => {
	db = await testDb({ empty: true });
	// Minimal parents for the foreign keys of the tables under test.
	await db.exec(`
		INSERT INTO admin_area (code, level, parent_code, name, geom) VALUES
		  ('370102000000', 'district', NULL, 'D', ST_Multi(ST_MakeEnvelope(117, 36.6, 117.1, 36.7, 4326))),
		  ('370102001000', 'subdistrict', '370102000000', 'S', ST_Multi(ST_MakeEnvelope(117, 36.6, 117.1, 36.7, 4326))),
		  ('370102001001', 'community', '370102001000', 'C', ST_Multi(ST_MakeEnvelope(117, 36.6, 117.1, 36.7, 4326)));
		INSERT INTO category (code, parent_code, kind, name, name_en) VALUES ('201', NULL, 'event', 'E', 'E');
		INSERT INTO category (code, parent_code, kind, name, name_en, limits)
		  VALUES ('20101', '201', 'event', 'E1', 'E1', '{}');
		INSERT INTO sensor_type (code, name, name_en, metrics, interval_s) VALUES ('smoke', 'S', 'S', '[]', 60);
	`);
});
afterAll(async () => {
	await db?.close();
});

/** Bad geometries as SQL expressions over $1 (text). */
const POINT_CASES: [string, string, string][] = [
	['NaN longitude', `ST_SetSRID(ST_MakePoint($1::float8, 36.6), 4326)`, 'NaN'],
	['NaN latitude', `ST_SetSRID(ST_MakePoint(117, $1::float8), 4326)`, 'NaN'],
	['1e999 (infinity)', `ST_SetSRID(ST_MakePoint($1::float8, 36.6), 4326)`, 'Infinity'],
	['1e999 in GeoJSON', `ST_GeomFromGeoJSON($1)`, '{"type":"Point","coordinates":[1e999,36.6]}'],
	['200° longitude', `ST_GeomFromGeoJSON($1)`, '{"type":"Point","coordinates":[200,36.6]}'],
	['-95° latitude', `ST_GeomFromGeoJSON($1)`, '{"type":"Point","coordinates":[117,-95]}'],
	[
		'GeoJSON crs member (EPSG:3857)',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Point","coordinates":[117,36.6],"crs":{"type":"name","properties":{"name":"EPSG:3857"}}}'
	],
	['empty point', `ST_SetSRID(ST_GeomFromText($1), 4326)`, 'POINT EMPTY']
];

const POLYGON_CASES: [string, string, string][] = [
	[
		'NaN vertex',
		`ST_SetSRID(ST_GeomFromText($1), 4326)`,
		'POLYGON((117 36.6, NaN 36.6, 117.01 36.61, 117 36.6))'
	],
	[
		'1e999 vertex',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Polygon","coordinates":[[[117,36.6],[1e999,36.6],[117.01,36.61],[117,36.6]]]}'
	],
	[
		'200° longitude',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Polygon","coordinates":[[[117,36.6],[200,36.6],[200,36.61],[117,36.6]]]}'
	],
	[
		'unclosed ring',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Polygon","coordinates":[[[117,36.6],[117.01,36.6],[117.01,36.61],[117,36.61]]]}'
	],
	[
		'bowtie (self-intersecting)',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Polygon","coordinates":[[[117,36.6],[117.01,36.61],[117.01,36.6],[117,36.61],[117,36.6]]]}'
	],
	[
		'GeoJSON crs member (EPSG:3857)',
		`ST_GeomFromGeoJSON($1)`,
		'{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"coordinates":[[[117,36.6],[117.01,36.6],[117.01,36.61],[117,36.6]]]}'
	]
];

interface Target {
	table: string;
	kind: 'point' | 'polygon';
	insert: (geom: string) => string;
}

const TARGETS: Target[] = [
	{
		table: 'admin_area',
		kind: 'polygon',
		insert: (g) =>
			`INSERT INTO admin_area (code, level, parent_code, name, geom) VALUES ('370102001002', 'community', '370102001000', 'X', ST_Multi(${g}))`
	},
	{
		table: 'grid_cell',
		kind: 'polygon',
		insert: (g) =>
			`INSERT INTO grid_cell (code, community_code, subdistrict_code, geom, centroid)
			 VALUES ('370102001001001', '370102001001', '370102001000', ST_Multi(${g}), ST_SetSRID(ST_MakePoint(117.05, 36.65), 4326))`
	},
	{
		table: 'grid_cell',
		kind: 'point',
		insert: (g) =>
			`INSERT INTO grid_cell (code, community_code, subdistrict_code, geom, centroid)
			 VALUES ('370102001001001', '370102001001', '370102001000', ST_Multi(ST_MakeEnvelope(117, 36.6, 117.01, 36.61, 4326)), ${g})`
	},
	{
		table: 'basemap_feature',
		kind: 'polygon',
		insert: (g) => `INSERT INTO basemap_feature (kind, geom) VALUES ('lake', ${g})`
	},
	{
		table: 'service_point',
		kind: 'point',
		insert: (g) => `INSERT INTO service_point (type, name, geom) VALUES ('meal', 'M', ${g})`
	},
	{
		table: 'incident',
		kind: 'point',
		insert: (g) =>
			`INSERT INTO incident (tracking_code, category_code, source, state, geom) VALUES ('ABCDEFGH1234', '20101', 'resident', 'reported', ${g})`
	},
	{
		table: 'sensor',
		kind: 'point',
		insert: (g) => `INSERT INTO sensor (code, type, geom) VALUES ('SD-9999', 'smoke', ${g})`
	}
];

async function count(table: string): Promise<number> {
	const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
	return r!.n;
}

describe('geometry columns reject bad input', () => {
	for (const t of TARGETS) {
		const cases = t.kind === 'point' ? POINT_CASES : POLYGON_CASES;
		for (const [name, expr, value] of cases) {
			it(`${t.table} (${t.kind}): ${name}`, async () => {
				const before = await count(t.table);
				await expect(db.query(t.insert(expr), [value])).rejects.toThrow();
				expect(await count(t.table)).toBe(before);
			});
		}
	}

	it('accepts a good geometry in every table (the checks are not rejecting everything)', async () => {
		const point = `ST_SetSRID(ST_MakePoint(117.05 + length($1) * 0, 36.65), 4326)`;
		const poly = `ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)`;
		const square =
			'{"type":"Polygon","coordinates":[[[117,36.6],[117.01,36.6],[117.01,36.61],[117,36.61],[117,36.6]]]}';
		for (const t of TARGETS) {
			const before = await count(t.table);
			await db
				.transaction(async (tx) => {
					await tx.query(t.insert(t.kind === 'point' ? point : poly), [
						t.kind === 'point' ? 'x' : square
					]);
					const [r] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`);
					expect(r!.n).toBe(before + 1);
					throw new RollbackSignal();
				})
				.catch((e: unknown) => {
					if (!(e instanceof RollbackSignal)) throw e;
				});
		}
	});

	it('rejects NaN and infinite reading values', async () => {
		await db.exec(
			`INSERT INTO sensor (code, type, geom) VALUES ('SD-0001', 'smoke', ST_SetSRID(ST_MakePoint(117.05, 36.65), 4326))`
		);
		for (const v of ['NaN', 'Infinity', '-Infinity']) {
			await expect(
				db.query(
					`INSERT INTO reading (sensor_id, metric, ts, value) SELECT id, 'smoke', now(), $1::float8 FROM sensor`,
					[v]
				)
			).rejects.toThrow(/check/i);
		}
		expect(await count('reading')).toBe(0);
	});
});

class RollbackSignal extends Error {}
