/**
 * The map's small layers as GeoJSON (grid cells, service points, sensors) and the grid-cell
 * panel. Grid geography and population aggregates are public statistics; case counts in them only
 * for roles that read cases, within their scope. Service points are public. Sensors and their
 * alerts need sensor.read, within scope. No personal data anywhere (no grid-worker names, no
 * households).
 */
import type { Geometry } from 'geojson';
import type { Actor } from '../../domain/actor';
import { scopeParam } from '../../domain/actor';
import { can, requireCapability, ScopeError } from '../../domain/permissions';
import type { MapFilters } from '../../map/filters';
import type { Db } from '../db';
import { jsonLayer } from '../places/layer';
import { sql } from '../sql';
import { LAYER_KINDS, layerVersion } from './incidents';
import { chinaDayStart, filterKey, layerEtag, OPEN_STATE_LIST } from './query';

export const SERVICE_TYPES = ['meal', 'daycare', 'clinic', 'station', 'police'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

function windowOf(f: Pick<MapFilters, 'from' | 'to'>): [Date, Date] {
	const end = chinaDayStart(f.to);
	end.setUTCDate(end.getUTCDate() + 1);
	return [chinaDayStart(f.from), end];
}

/** The cells listed: the requested subdistricts (any: geography is public) or all. */
function listed(f: MapFilters): string[] | null {
	return f.subdistrict.length ? [...f.subdistrict] : null;
}

export interface Versioned<T> {
	etag: string;
	build: () => Promise<T>;
}

type Row = Record<string, unknown> & { geometry: Geometry };

function featureLayer(rows: Row[], idKey: string): string {
	return jsonLayer(
		rows.map(({ geometry, ...properties }) => ({
			id: properties[idKey] as string | number,
			properties,
			geometry
		}))
	).body;
}

/**
 * The grid-cell choropleth layer for a time window (only `from`, `to` and `subdistrict` of the
 * filters apply).
 */
export async function gridLayer(
	db: Db,
	actor: Actor,
	f: MapFilters,
	now: Date = new Date()
): Promise<Versioned<string>> {
	const counts = can(actor, 'incident.read');
	const v = await layerVersion(db, LAYER_KINDS.grid);
	const etag = layerEtag(
		{ layer: 'grid', v, q: filterKey({ ...f, status: [], category: [], urgency: [] }, now) },
		actor
	);
	return {
		etag,
		build: async () => {
			const [from, to] = windowOf(f);
			const rows = await db.query<Row>(sql('map/grid'), [
				from,
				to,
				listed(f),
				scopeParam(actor),
				counts,
				OPEN_STATE_LIST
			]);
			return featureLayer(rows, 'code');
		}
	};
}

// A type, not an interface: query rows must be assignable to Record<string, unknown>.
export type GridCellPanel = {
	code: string;
	community: string;
	communityName: string;
	subdistrict: string;
	subdistrictName: string;
	residents: number;
	age60: number;
	age60Share: number | null;
	incidents: number | null;
	openIncidents: number | null;
	lon: number;
	lat: number;
};

/** One grid cell's numbers (case counts only when the actor may read cases there). */
export async function gridCell(
	db: Db,
	actor: Actor,
	code: string,
	f: Pick<MapFilters, 'from' | 'to'>
): Promise<GridCellPanel> {
	const [from, to] = windowOf(f);
	const [row] = await db.query<GridCellPanel>(sql('map/grid_cell'), [
		code,
		from,
		to,
		can(actor, 'incident.read'),
		OPEN_STATE_LIST,
		scopeParam(actor)
	]);
	if (!row) throw new ScopeError();
	return row;
}

/** The service-points layer, optionally of some types. Public. */
export async function servicePointsLayer(
	db: Db,
	actor: Actor,
	types: readonly ServiceType[]
): Promise<Versioned<string>> {
	const list = types.length ? SERVICE_TYPES.filter((t) => types.includes(t)) : null;
	const v = await layerVersion(db, LAYER_KINDS.servicePoints);
	return {
		etag: layerEtag({ layer: 'service-points', v, types: list }, actor),
		build: async () => featureLayer(await db.query<Row>(sql('map/service_points'), [list]), 'id')
	};
}

/** The sensors layer with each sensor's worst unresolved alert, in the actor's scope. */
export async function sensorsLayer(db: Db, actor: Actor): Promise<Versioned<string>> {
	requireCapability(actor, 'sensor.read');
	const v = await layerVersion(db, LAYER_KINDS.sensors);
	return {
		etag: layerEtag({ layer: 'sensors', v }, actor),
		build: async () =>
			featureLayer(await db.query<Row>(sql('map/sensors'), [scopeParam(actor)]), 'id')
	};
}
