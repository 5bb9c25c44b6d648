/**
 * The analysis inputs held in memory: grid cells (demand by segment at their centroids, with
 * outlines for deserts) and service points (supply). Loaded once per database and data version
 * (a cheap fingerprint query, sql/queries/analysis/version.sql); every coverage, accessibility
 * and optimisation question is then answered from memory (ARCHITECTURE.md "Analysis").
 */
import type { Segment, ServiceType } from '$lib/analysis';
import type { DemandCell } from '$lib/planner/types';
import type { Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import type { SupplyStatus } from './params';

/** A service point that is not closed. */
export interface ServicePointRow {
	id: number;
	type: ServiceType;
	status: 'active' | 'planned';
	name: string;
	nameEn: string | null;
	capacity: number | null;
	subdistrict: string | null;
	lon: number;
	lat: number;
}

/** A subdistrict or community name. */
export interface AreaName {
	code: string;
	level: 'subdistrict' | 'community';
	name: string;
	nameEn: string | null;
	parentCode: string | null;
}

/** Everything the analysis reads, at one data version. */
export interface AnalysisData {
	version: string;
	cells: readonly DemandCell[];
	points: readonly ServicePointRow[];
	areas: ReadonlyMap<string, AreaName>;
	loadedAt: number;
}

/** The grid-cell column behind each demand segment. */
export const SEGMENT_FIELD: Readonly<Record<Segment, 'residents' | 'aged60' | 'aged80' | 'alone'>> =
	{ all: 'residents', age60: 'aged60', age80: 'aged80', alone: 'alone' };

interface Entry {
	version: string;
	data: Promise<AnalysisData>;
}

// why: keyed by the database handle, so tests with their own databases never share a cache.
const cache = new WeakMap<Queryable, Entry>();

/**
 * The analysis data for the current data version: from memory when nothing changed, otherwise
 * reloaded (concurrent callers share one load).
 *
 * @param db - the database
 * @returns cells, service points and area names
 * @example
 * const { cells, points } = await analysisData(locals.db);
 */
export async function analysisData(db: Queryable): Promise<AnalysisData> {
	const version = await dataVersion(db);
	const hit = cache.get(db);
	if (hit && hit.version === version) return hit.data;
	const data = load(db, version);
	cache.set(db, { version, data });
	data.catch(() => {
		if (cache.get(db)?.data === data) cache.delete(db);
	});
	return data;
}

/**
 * Forgets the cached data of a database (e.g. after bulk edits that bypass the fingerprint).
 *
 * @param db - the database
 * @returns nothing
 * @example
 * forgetAnalysisData(db);
 */
export function forgetAnalysisData(db: Queryable): void {
	cache.delete(db);
}

async function dataVersion(db: Queryable): Promise<string> {
	try {
		const [row] = await db.query<{ version: string }>(sql('analysis/version'));
		return row?.version ?? '';
	} catch (e) {
		throw new DbError('reading the analysis data version', e);
	}
}

async function load(db: Queryable, version: string): Promise<AnalysisData> {
	try {
		const [cells, points, areas] = await Promise.all([
			db.query<DemandCell & Record<string, unknown>>(sql('analysis/demand')),
			db.query<ServicePointRow & Record<string, unknown>>(sql('analysis/supply')),
			db.query<AreaName & Record<string, unknown>>(sql('analysis/areas'))
		]);
		return {
			version,
			cells: cells.map((c) => ({
				id: Number(c.id),
				code: c.code,
				community: c.community,
				subdistrict: c.subdistrict,
				residents: Number(c.residents),
				aged60: Number(c.aged60),
				aged80: Number(c.aged80),
				alone: Number(c.alone),
				lon: Number(c.lon),
				lat: Number(c.lat),
				geometry: c.geometry
			})),
			points: points.map((p) => ({
				id: Number(p.id),
				type: p.type,
				status: p.status,
				name: p.name,
				nameEn: p.nameEn,
				capacity: p.capacity === null ? null : Number(p.capacity),
				subdistrict: p.subdistrict,
				lon: Number(p.lon),
				lat: Number(p.lat)
			})),
			areas: new Map(areas.map((a) => [a.code, a])),
			loadedAt: Date.now()
		};
	} catch (e) {
		throw new DbError('loading the analysis data (grid cells and service points)', e);
	}
}

/**
 * The statuses that count as supply.
 *
 * @param status - 'active' or 'all' (active and planned)
 * @returns the service_point.status values
 * @example
 * statusesOf('all'); // ['active', 'planned']
 */
export function statusesOf(status: SupplyStatus): ('active' | 'planned')[] {
	return status === 'all' ? ['active', 'planned'] : ['active'];
}

/**
 * The service points of one type that count as supply.
 *
 * @param data - the analysis data
 * @param service - the service type
 * @param status - which statuses count
 * @returns the points, in id order
 * @example
 * supplyOf(data, 'meal', 'active');
 */
export function supplyOf(
	data: AnalysisData,
	service: ServiceType,
	status: SupplyStatus
): ServicePointRow[] {
	const statuses = statusesOf(status);
	return data.points.filter((p) => p.type === service && statuses.includes(p.status));
}
