/**
 * The big case layers: vector tiles (points at street zoom, aggregated bins below it) and the
 * heatmap's binary columns. Scoped to the actor: cases are visible to roles with incident.read,
 * within their subdistricts; the public map has no case layer (its residents follow their own
 * case on the tracking page).
 */
import type { Actor } from '../../domain/actor';
import { requireCapability } from '../../domain/permissions';
import {
	POINT_ZOOM,
	tileBBox,
	tileMercator,
	type BBox,
	type MapFilters,
	type TileAddress
} from '../../map/filters';
import type { Db } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { encodeRows, MVT_EXTENT, sqlEncodes, type TileRow } from './mvt';
import { caseParams, filterKey, layerEtag, scopedSubdistricts } from './query';

/** MVT buffer around a street-zoom tile, in tile units (symbols near the edge are not cut). */
export const TILE_BUFFER = 64;
/** Bins per tile side below street zoom (about 1/32 of the tile, 128 units). */
export const BINS_PER_SIDE = 32;

export interface TileQuery {
	text: string;
	params: unknown[];
	points: boolean;
}

/** The rows statement and parameters for one tile (shared by both encoders and the bench). */
export function tileQuery(actor: Actor, t: TileAddress, f: MapFilters, now: Date): TileQuery {
	const points = t.z >= POINT_ZOOM;
	const [xmin, , xmax, ymax] = tileMercator(t);
	const [w, s, e, n] = tileBBox(t, points ? TILE_BUFFER : 0, MVT_EXTENT);
	return {
		text: sql(points ? 'map/tile_points' : 'map/tile_bins'),
		points,
		params: [
			...caseParams(actor, f, now),
			w,
			s,
			e,
			n,
			xmin,
			ymax,
			xmax - xmin,
			MVT_EXTENT,
			points ? TILE_BUFFER : MVT_EXTENT / BINS_PER_SIDE
		]
	};
}

/** The single-statement ST_AsMVT form of a tile query (PostgreSQL). */
export function mvtStatement(q: TileQuery): string {
	const wrapper = sql(q.points ? 'map/tile_points_mvt' : 'map/tile_bins_mvt');
	// why: the rows statement is a trusted query file, never user text; values stay parameters.
	return wrapper.replace('ROWS_QUERY', q.text);
}

/** The tile's rows (for the Node encoder and for tests). */
export async function tileRows(db: Db, q: TileQuery): Promise<TileRow[]> {
	return db.query<TileRow>(q.text, q.params);
}

/**
 * One vector tile of the cases layer: ST_AsMVT where the database can, vt-pbf otherwise.
 * @returns the MVT bytes (empty when no case falls in the tile)
 */
export async function incidentTile(
	db: Db,
	actor: Actor,
	t: TileAddress,
	f: MapFilters,
	now: Date = new Date()
): Promise<Uint8Array> {
	requireCapability(actor, 'incident.read');
	const q = tileQuery(actor, t, f, now);
	if (await sqlEncodes(db)) {
		const [row] = await db.query<{ tile: Uint8Array | null }>(mvtStatement(q), q.params);
		return new Uint8Array(row?.tile ?? new Uint8Array(0));
	}
	return encodeRows(await tileRows(db, q));
}

/** Metres per degree of latitude (mean). */
const M_PER_DEG = 111_320;

/**
 * The heatmap layer: cases in the bbox binned into cells of about `cell` metres, as a
 * little-endian Float32Array of [lon, lat, weight] triplets.
 */
export async function incidentHeat(
	db: Db,
	actor: Actor,
	bbox: BBox,
	cell: number,
	f: MapFilters,
	now: Date = new Date()
): Promise<Uint8Array> {
	requireCapability(actor, 'incident.read');
	const [w, s, e, n] = bbox;
	const midLat = ((s + n) / 2) * (Math.PI / 180);
	const dLat = cell / M_PER_DEG;
	const dLon = cell / (M_PER_DEG * Math.max(0.01, Math.cos(midLat)));
	const rows = await db.query<{ lon: number; lat: number; weight: number }>(sql('map/heat'), [
		...caseParams(actor, f, now),
		w,
		s,
		e,
		n,
		dLon,
		dLat
	]);
	const out = new Float32Array(rows.length * 3);
	rows.forEach((r, i) => {
		out[i * 3] = r.lon;
		out[i * 3 + 1] = r.lat;
		out[i * 3 + 2] = r.weight;
	});
	// why: Float32Array uses the platform's byte order; the wire format is little-endian.
	return toLittleEndian(out);
}

function toLittleEndian(a: Float32Array): Uint8Array {
	const bytes = new Uint8Array(a.length * 4);
	const view = new DataView(bytes.buffer);
	for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i]!, true);
	return bytes;
}

/** Change kinds each versioned map layer depends on. */
export const LAYER_KINDS = {
	incidents: ['incident'],
	grid: ['incident'],
	servicePoints: ['service_point'],
	sensors: ['sensor', 'alert']
} as const;

/** The data version of a layer: newest change_log id of its kinds, and the data epoch. */
export async function layerVersion(
	db: Db,
	kinds: readonly string[]
): Promise<{ change: number; epoch: number }> {
	try {
		const [row] = await db.query<{ change: number; epoch: number }>(sql('map/version'), [
			[...kinds]
		]);
		return { change: Number(row?.change ?? 0), epoch: Number(row?.epoch ?? 0) };
	} catch (e) {
		throw e instanceof DbError ? e : new DbError('reading the layer version', e);
	}
}

/**
 * The ETag of a case layer reply. Urgency moves with the clock, not only with changes: the
 * minute is part of the version, so a tile is revalidated cheaply (304) within the minute.
 */
export async function incidentEtag(
	db: Db,
	actor: Actor,
	layer: string,
	f: MapFilters,
	extra: Record<string, unknown>,
	now: Date = new Date()
): Promise<string> {
	requireCapability(actor, 'incident.read');
	scopedSubdistricts(actor, f.subdistrict);
	const v = await layerVersion(db, LAYER_KINDS.incidents);
	return layerEtag(
		{ layer, v, minute: Math.floor(now.getTime() / 60_000), q: filterKey(f, now), ...extra },
		actor
	);
}
