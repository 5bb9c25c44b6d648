/**
 * One sensor for the sensor page and the map's side panel: GET /api/sensors/{id} (the sensor, its
 * type's metrics and rules) and GET /api/sensors/{id}/readings?hours= (a bounded series per metric
 * and the thresholds to draw). Viewer scope as for the list; no household link is exposed.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { requireCapability, requireInScope, ScopeError } from '../../domain/permissions';
import type { Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import type { SensorSummary } from './alerts';

export interface SensorRule {
	id: number;
	kind: 'threshold' | 'rate' | 'no_activity' | 'silence';
	metric: string | null;
	params: Record<string, unknown>;
	severity: string;
	name: string;
	nameEn: string;
	opensCase: boolean;
}

export interface SensorDetail extends SensorSummary {
	typeName: string;
	typeNameEn: string;
	intervalS: number;
	lastSeenAt: string | null;
	rules: SensorRule[];
}

/** A line to draw on a metric's chart: a threshold rule's bound. */
export interface ThresholdLine {
	metric: string;
	rule: number;
	bound: 'lt' | 'gt' | 'gte';
	value: number;
	severity: string;
	name: string;
	nameEn: string;
}

export interface SensorReadings {
	sensor: SensorDetail;
	metrics: SensorSummary['metrics'];
	from: string;
	to: string;
	/** Seconds per point (readings in a bucket are averaged). */
	bucketSeconds: number;
	series: { metric: string; unit: string; points: [number, number][] }[];
	thresholds: ThresholdLine[];
}

/** The most points one metric's series returns; longer windows are averaged into buckets. */
export const MAX_POINTS = 1500;
export const MAX_HOURS = 24 * 31;

export const readingsQuerySchema = z.object({
	hours: z.coerce.number().int('must be a whole number of hours').min(1).max(MAX_HOURS).default(24)
});

async function run<T extends Record<string, unknown>>(
	db: Queryable,
	attempt: string,
	name: string,
	params: unknown[]
): Promise<T[]> {
	try {
		return await db.query<T>(sql(`sensors/${name}`), params);
	} catch (e) {
		throw new DbError(attempt, e);
	}
}

/**
 * One sensor in the viewer's scope.
 *
 * @param db - the database
 * @param actor - needs `sensor.read`; out of scope is a 404
 * @param id - sensor id
 * @returns the sensor with its type's metrics and enabled rules
 * @throws ScopeError (404) when missing or out of scope
 * @example
 * await getSensor(db, actor, 12);
 */
export async function getSensor(db: Queryable, actor: Actor, id: number): Promise<SensorDetail> {
	requireCapability(actor, 'sensor.read');
	const [r] = await run(db, `reading sensor ${id}`, 'sensor_get', [id]);
	if (!r) throw new ScopeError();
	requireInScope(actor, (r.subdistrictCode as string | null) ?? null);
	return {
		id: Number(r.id),
		code: String(r.code),
		type: String(r.type),
		typeName: String(r.typeName),
		typeNameEn: String(r.typeNameEn),
		metrics: r.metrics as SensorSummary['metrics'],
		intervalS: Number(r.intervalS),
		lon: Number(r.lon),
		lat: Number(r.lat),
		status: String(r.status),
		lastSeenAt: r.lastSeenAt ? new Date(r.lastSeenAt as string).toISOString() : null,
		rules: r.rules as SensorRule[]
	};
}

/**
 * The threshold lines of a sensor's rules (threshold rules only: the other kinds have no level).
 *
 * @param rules - the sensor's rules
 * @returns one line per bound
 * @example
 * thresholdLines([{ id: 1, kind: 'threshold', metric: 'ph', params: { lt: 6, gt: 9 }, … }]); // two lines
 */
export function thresholdLines(rules: readonly SensorRule[]): ThresholdLine[] {
	const out: ThresholdLine[] = [];
	for (const r of rules) {
		if (r.kind !== 'threshold' || r.metric === null) continue;
		for (const bound of ['lt', 'gt', 'gte'] as const) {
			const v = r.params[bound];
			if (typeof v === 'number' && Number.isFinite(v)) {
				out.push({
					metric: r.metric,
					rule: r.id,
					bound,
					value: v,
					severity: r.severity,
					name: r.name,
					nameEn: r.nameEn
				});
			}
		}
	}
	return out;
}

/**
 * A sensor's readings over the last `hours` (up to {@link MAX_HOURS}), at most
 * {@link MAX_POINTS} points per metric, and the thresholds to draw.
 *
 * @param db - the database
 * @param actor - needs `sensor.read`
 * @param id - sensor id
 * @param query - `{ hours }` from the URL (validated here)
 * @param now - the end of the window
 * @returns `{ sensor, metrics, series: [{ metric, unit, points: [[ts, value]] }], thresholds }`
 * @throws ZodError (400) naming `hours`, ScopeError 404
 * @example
 * await sensorReadings(db, actor, 12, { hours: '24' });
 */
export async function sensorReadings(
	db: Queryable,
	actor: Actor,
	id: number,
	query: unknown,
	now = new Date()
): Promise<SensorReadings> {
	const { hours } = readingsQuerySchema.parse(query);
	const sensor = await getSensor(db, actor, id);
	const bucketSeconds = Math.max(1, Math.ceil((hours * 3600) / MAX_POINTS));
	const from = new Date(now.getTime() - hours * 3600_000);
	const rows = await run<{ metric: string; t: number; v: number }>(
		db,
		`reading the readings of sensor ${id}`,
		'sensor_readings',
		[id, from, now, bucketSeconds]
	);
	const byMetric = new Map<string, [number, number][]>();
	for (const r of rows) {
		let pts = byMetric.get(r.metric);
		if (!pts) byMetric.set(r.metric, (pts = []));
		pts.push([Number(r.t), Number(r.v)]);
	}
	return {
		sensor,
		metrics: sensor.metrics,
		from: from.toISOString(),
		to: now.toISOString(),
		bucketSeconds,
		series: sensor.metrics.map((m) => ({
			metric: m.name,
			unit: m.unit,
			points: byMetric.get(m.name) ?? []
		})),
		thresholds: thresholdLines(sensor.rules)
	};
}
