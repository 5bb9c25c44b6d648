import { z } from 'zod';
import type { Actor } from '$lib/domain/actor';
import type { Geometry } from 'geojson';
import type { Db } from '../db';
import { sql } from '../sql';
import { jsonLayer, type JsonLayer } from './layer';

export const BOUNDARY_LEVELS = ['district', 'subdistrict', 'community'] as const;
export type BoundaryLevel = (typeof BOUNDARY_LEVELS)[number];
export const boundaryLevelSchema = z.enum(BOUNDARY_LEVELS);

/** The properties of one boundary feature, as the map receives them. */
// A type, not an interface: query rows must be assignable to Record<string, unknown>.
export type BoundaryProperties = {
	code: string;
	name: string;
	nameEn: string | null;
	level: BoundaryLevel;
	parentCode: string | null;
	/** A point inside the area (ST_PointOnSurface) where its name is drawn. */
	labelLon: number;
	labelLat: number;
};

/**
 * The outlines of one admin level as a GeoJSON layer (feature id = the 12-digit code).
 *
 * Boundaries are public geography, not personal data: every actor, anonymous included, may read
 * all of them, whatever their scope. A scoped user still needs the whole district to find their
 * way, and the outlines reveal nothing about residents or cases.
 * @param _actor who is asking (every service takes one; this one allows everybody)
 * @param level which admin level to return
 */
export async function boundaries(db: Db, _actor: Actor, level: BoundaryLevel): Promise<JsonLayer> {
	const rows = await db.query<BoundaryProperties & { geometry: Geometry }>(
		sql('places/boundaries'),
		[level]
	);
	return jsonLayer(
		rows.map(({ geometry, ...properties }) => ({ id: properties.code, properties, geometry }))
	);
}
