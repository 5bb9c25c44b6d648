/**
 * The map's boundary and basemap layers on the seeded small demo: what the browser receives from
 * /api/layers/boundaries and /api/layers/basemap, and the caching contract (stable ETags, 304).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { ANONYMOUS, type Actor } from '../../src/lib/domain/actor';
import { basemap } from '../../src/lib/server/places/basemap';
import {
	boundaries,
	type BoundaryLevel,
	type BoundaryProperties
} from '../../src/lib/server/places/boundaries';
import { etagMatches, layerResponse } from '../../src/lib/server/places/layer';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
beforeAll(async () => {
	db = await testDb();
});
afterAll(async () => {
	await db?.close();
});

const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };

async function areas(level: BoundaryLevel, actor: Actor = admin) {
	const layer = await boundaries(db, actor, level);
	return {
		layer,
		fc: JSON.parse(layer.body) as FeatureCollection<MultiPolygon, BoundaryProperties>
	};
}

function validRing(ring: Position[]): boolean {
	const first = ring[0];
	const last = ring[ring.length - 1];
	return (
		ring.length >= 4 &&
		ring.every(
			([x, y]) =>
				Number.isFinite(x) &&
				Number.isFinite(y) &&
				Math.abs(x ?? 999) <= 180 &&
				Math.abs(y ?? 999) <= 90
		) &&
		first?.[0] === last?.[0] &&
		first?.[1] === last?.[1]
	);
}

describe('boundaries', () => {
	it('returns the 14 subdistricts as valid GeoJSON, with label points inside them', async () => {
		const { fc, layer } = await areas('subdistrict');
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features).toHaveLength(14);
		expect(layer.count).toBe(14);
		for (const f of fc.features) {
			const p = f.properties;
			expect(f.type).toBe('Feature');
			expect(f.id).toBe(p.code);
			expect(Object.keys(p).sort()).toEqual(
				['code', 'labelLat', 'labelLon', 'level', 'name', 'nameEn', 'parentCode'].sort()
			);
			expect(p.code).toMatch(/^370102\d{3}000$/);
			expect(p.level).toBe('subdistrict');
			expect(p.parentCode).toBe('370102000000');
			expect(p.name).toMatch(/街道$/);
			expect(f.geometry.type).toBe('MultiPolygon');
			for (const poly of f.geometry.coordinates)
				for (const ring of poly) expect(validRing(ring)).toBe(true);
			expect(
				booleanPointInPolygon([p.labelLon, p.labelLat], f.geometry, { ignoreBoundary: true }),
				`${p.name}'s label point lies inside it`
			).toBe(true);
		}
		// Ordered by code: the same data always gives the same bytes.
		const codes = fc.features.map((f) => f.properties.code);
		expect(codes).toEqual([...codes].sort());
	});

	it('returns one district without a parent, and communities that point at subdistricts', async () => {
		const [{ fc: district }, { fc: subs }, { fc: comms }] = await Promise.all([
			areas('district'),
			areas('subdistrict'),
			areas('community')
		]);
		expect(district.features).toHaveLength(1);
		expect(district.features[0]?.properties).toMatchObject({
			code: '370102000000',
			level: 'district',
			parentCode: null
		});
		const subCodes = new Set(subs.features.map((f) => f.properties.code));
		expect(comms.features.length).toBeGreaterThan(subCodes.size);
		for (const f of comms.features) {
			expect(f.properties.level).toBe('community');
			expect(subCodes.has(f.properties.parentCode ?? '')).toBe(true);
			expect(
				booleanPointInPolygon([f.properties.labelLon, f.properties.labelLat], f.geometry),
				`${f.properties.name}'s label point lies inside it`
			).toBe(true);
		}
	});

	it('sends coordinates with at most 6 decimals', async () => {
		const { layer } = await areas('community');
		expect(layer.body).not.toMatch(/\d\.\d{7,}/);
	});

	it('has an ETag that is stable across calls and actors, and differs between levels', async () => {
		const a = await areas('subdistrict');
		const b = await areas('subdistrict');
		const scoped = await areas('subdistrict', {
			role: 'gridworker',
			scope: [a.fc.features[0]?.properties.code ?? ''],
			userId: 7,
			username: 'gw'
		});
		const anonymous = await areas('subdistrict', ANONYMOUS);
		expect(a.layer.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
		expect(b.layer).toEqual(a.layer);
		// Boundaries are public geography: every actor sees the same layer.
		expect(scoped.layer.etag).toBe(a.layer.etag);
		expect(anonymous.layer.etag).toBe(a.layer.etag);
		expect((await areas('community')).layer.etag).not.toBe(a.layer.etag);
	});
});

describe('basemap', () => {
	it('returns rivers, lakes, roads and parks with their names', async () => {
		const layer = await basemap(db, ANONYMOUS);
		const fc = JSON.parse(layer.body) as FeatureCollection;
		expect(fc.features.length).toBeGreaterThan(0);
		const kinds = new Set(fc.features.map((f) => f.properties?.kind as string));
		for (const k of kinds) expect(['river', 'lake', 'road', 'park']).toContain(k);
		expect(kinds.has('road')).toBe(true);
		for (const f of fc.features) {
			expect(Object.keys(f.properties ?? {}).sort()).toEqual(['kind', 'name', 'nameEn']);
			expect(f.id).toEqual(expect.any(Number));
		}
		expect((await basemap(db, admin)).etag).toBe(layer.etag);
	});
});

describe('layer responses', () => {
	it('answers 200 with the body, then 304 to a matching If-None-Match', async () => {
		const { layer } = await areas('district');
		const first = layerResponse(
			new Request('http://x/api/layers/boundaries?level=district'),
			layer
		);
		expect(first.status).toBe(200);
		expect(first.headers.get('etag')).toBe(layer.etag);
		expect(first.headers.get('cache-control')).toBe('public, max-age=300');
		expect(first.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(await first.text()).toBe(layer.body);

		const again = layerResponse(
			new Request('http://x/', { headers: { 'If-None-Match': layer.etag } }),
			layer
		);
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(layer.etag);
		expect(await again.text()).toBe('');
	});

	it('compares ETags weakly, in lists, and with *', () => {
		const tag = '"abc"';
		expect(etagMatches(null, tag)).toBe(false);
		expect(etagMatches('"abd"', tag)).toBe(false);
		expect(etagMatches('W/"abc"', tag)).toBe(true);
		expect(etagMatches('"x", "abc"', tag)).toBe(true);
		expect(etagMatches('*', tag)).toBe(true);
	});
});
