/**
 * Batch ingestion, the one path for HTTP and MQTT: authenticate the key, validate each reading on its own (a bad reading
 * never sinks the rest), store the valid ones in one idempotent statement, and evaluate the
 * threshold rules on what was new — all in one transaction. Times are kept to the millisecond
 * (a finer fraction in the ISO string is truncated), so the idempotency key is millisecond-exact.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db';
import { DbError } from '../db';
import { isDbError } from '../http/errors';
import { pgArray } from '../seed/context';
import { sql } from '../sql';
import { evaluateRules } from './evaluate';

export const MAX_BATCH = 5000;
/** Readings stamped further ahead than this are refused (a device clock gone wrong). */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

export type RejectReason =
	| 'malformed'
	| 'unknown_sensor'
	| 'unknown_metric'
	| 'not_allowed'
	| 'not_a_number'
	| 'out_of_range'
	| 'future';

export interface IngestResult {
	accepted: number;
	duplicate: number;
	rejected: { index: number; reason: RejectReason }[];
}

/** What a key may write: every sensor, or a set. */
export interface KeyGrant {
	all: boolean;
	sensorIds: ReadonlySet<number>;
}

/** A refused batch as a whole: 401 (key) or 400 (shape). */
export class IngestError extends Error {
	constructor(
		readonly status: 400 | 401,
		message: string
	) {
		super(message);
		this.name = 'IngestError';
	}
}

/**
 * The sha256 hex of a key, as stored in sensor.key_hash and ingest_key.key_hash.
 *
 * @param key - the presented key
 * @returns 64 hex characters
 * @example
 * keyHash('abc'); // 'ba7816bf…'
 */
export function keyHash(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The key from an `Authorization: Bearer <key>` header.
 *
 * @param header - the header value
 * @returns the key, or null when absent or malformed
 * @example
 * bearerKey('Bearer s3cret'); // 's3cret'
 */
export function bearerKey(header: string | null): string | null {
	const m = /^Bearer +([\x21-\x7e]{8,256})\s*$/i.exec(header ?? '');
	return m ? m[1]! : null;
}

/**
 * What a key may write, or IngestError 401 for an unknown or revoked key.
 *
 * @param db - the database
 * @param key - the presented key (null: none presented)
 * @returns the grant
 * @example
 * await authenticateKey(db, 'demo-ingest-key');
 */
export async function authenticateKey(db: Queryable, key: string | null): Promise<KeyGrant> {
	if (key === null) throw new IngestError(401, 'Missing or malformed ingestion key');
	let rows: { allSensors: boolean; sensorIds: number[] }[];
	try {
		rows = await db.query(sql('sensors/ingest_key'), [keyHash(key)]);
	} catch (e) {
		throw new DbError('checking an ingestion key', e);
	}
	if (rows.length === 0) throw new IngestError(401, 'Unknown ingestion key');
	const ids = new Set<number>();
	for (const r of rows) for (const id of r.sensorIds) ids.add(Number(id));
	return { all: rows.some((r) => r.allSensors), sensorIds: ids };
}

/** Strict ISO 8601 date-time with a zone (Z or ±hh:mm): a zone-less time is ambiguous. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const METRIC = /^[a-z_]{1,32}$/;

interface Candidate {
	index: number;
	sensor: number;
	metric: string;
	ts: number;
	value: number;
}

interface Metric {
	name: string;
	min: number;
	max: number;
}

/**
 * Checks the shape of a batch body: `{ readings: [...] }` with at most {@link MAX_BATCH} items.
 *
 * @param body - the parsed JSON body
 * @returns the readings, each still unchecked
 * @throws IngestError 400 naming the problem
 * @example
 * batchOf({ readings: [] }); // []
 */
export function batchOf(body: unknown): unknown[] {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new IngestError(400, 'Body must be an object { readings: [...] }');
	}
	const readings = (body as { readings?: unknown }).readings;
	if (!Array.isArray(readings)) throw new IngestError(400, 'readings: must be an array');
	if (readings.length > MAX_BATCH) {
		throw new IngestError(400, `readings: at most ${MAX_BATCH} per batch`);
	}
	return readings;
}

/** First pass, without the database: the reading's own shape. */
function shapeOf(x: unknown, now: number): Omit<Candidate, 'index'> | RejectReason {
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'malformed';
	const r = x as Record<string, unknown>;
	if (!Number.isInteger(r.sensor) || (r.sensor as number) < 1 || (r.sensor as number) > 2 ** 31 - 1)
		return 'malformed';
	if (typeof r.metric !== 'string' || !METRIC.test(r.metric)) return 'malformed';
	if (typeof r.ts !== 'string' || !ISO.test(r.ts)) return 'malformed';
	const ts = Date.parse(r.ts);
	if (!Number.isFinite(ts)) return 'malformed';
	if (typeof r.value !== 'number' || !Number.isFinite(r.value)) return 'not_a_number';
	if (ts > now + MAX_FUTURE_MS) return 'future';
	return { sensor: r.sensor as number, metric: r.metric, ts, value: r.value };
}

/**
 * Whether a failure is the database being unreachable or restarting (connection refused or lost,
 * server shutting down, out of resources) rather than the statement: worth a 503 and a retry.
 *
 * @param e - what was thrown
 * @returns true for an outage
 * @example
 * databaseUnavailable(new DbError('x', { code: 'ECONNREFUSED' })); // true
 */
export function databaseUnavailable(e: unknown): boolean {
	const code = isDbError(e) ? e.code : (e as { code?: string })?.code;
	if (!code) return false;
	return /^(08|53|57P|58)/.test(code) || /^(E[A-Z]+|CONNECT|CONNECTION_)/.test(code);
}

/** Deadlock or serialization failure: the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Ingests one batch.
 *
 * @param db - the database
 * @param grant - what the key may write ({@link authenticateKey})
 * @param body - the parsed JSON body
 * @param now - the clock (epoch ms), for the future check
 * @returns counts of accepted and duplicate readings and each rejected one with its reason
 * @throws IngestError 400 when the body is not a batch
 * @example
 * await ingestReadings(db, grant, { readings: [{ sensor: 1, ts: '2026-11-23T08:00:00Z', metric: 'ph', value: 7.1 }] });
 */
export async function ingestReadings(
	db: Db,
	grant: KeyGrant,
	body: unknown,
	now = Date.now()
): Promise<IngestResult> {
	return storeReadings(db, grant, batchOf(body), now);
}

/** What an MQTT subscriber may write: every sensor (the broker authenticates the publisher). */
export const ALL_SENSORS: KeyGrant = Object.freeze({ all: true, sensorIds: new Set<number>() });

/**
 * The readings of one MQTT message on `…/sensors/{sensorId}/readings`: one JSON reading
 * `{ ts, metric, value }` or an array of them (at most {@link MAX_BATCH}); the sensor is the
 * topic's. Each item is checked later by {@link storeReadings}, exactly as over HTTP.
 *
 * @param sensorId - from the topic
 * @param payload - the message body
 * @returns the unchecked readings, or null when the payload is not JSON / too many
 * @example
 * readingsOfMessage(12, Buffer.from('{"ts":"2026-11-23T08:00:00Z","metric":"ph","value":7}'));
 */
export function readingsOfMessage(sensorId: number, payload: Uint8Array): unknown[] | null {
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(payload).toString('utf8'));
	} catch {
		return null;
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (list.length === 0 || list.length > MAX_BATCH) return null;
	return list.map((r: unknown) =>
		typeof r === 'object' && r !== null && !Array.isArray(r) ? { ...r, sensor: sensorId } : r
	);
}

/**
 * Validates and stores readings (each still unchecked), evaluating the rules on what is new,
 * in one transaction. Used by {@link ingestReadings} (HTTP) and the MQTT subscriber.
 *
 * @param db - the database
 * @param grant - what the writer may write
 * @param items - the readings, `{ sensor, ts, metric, value }` each
 * @param now - the clock (epoch ms), for the future check
 * @returns counts of accepted and duplicate readings and each rejected one with its reason
 * @example
 * await storeReadings(db, ALL_SENSORS, [{ sensor: 1, ts: '2026-11-23T08:00:00Z', metric: 'ph', value: 7.1 }]);
 */
export async function storeReadings(
	db: Db,
	grant: KeyGrant,
	items: readonly unknown[],
	now = Date.now()
): Promise<IngestResult> {
	const rejected: IngestResult['rejected'] = [];
	const shaped: Candidate[] = [];
	for (let i = 0; i < items.length; i++) {
		const s = shapeOf(items[i], now);
		if (typeof s === 'string') rejected.push({ index: i, reason: s });
		else if (!grant.all && !grant.sensorIds.has(s.sensor))
			rejected.push({ index: i, reason: 'not_allowed' });
		else shaped.push({ index: i, ...s });
	}

	const ids = [...new Set(shaped.map((c) => c.sensor))];
	const sensors = new Map<number, { type: string; metrics: Map<string, Metric> }>();
	if (ids.length > 0) {
		let rows: { id: number; type: string; metrics: Metric[] }[];
		try {
			rows = await db.query(sql('sensors/ingest_sensors'), [pgArray(ids)]);
		} catch (e) {
			throw new DbError('looking up the sensors of a batch', e);
		}
		for (const r of rows) {
			sensors.set(Number(r.id), {
				type: r.type,
				metrics: new Map(r.metrics.map((m) => [m.name, m]))
			});
		}
	}
	const valid: Candidate[] = [];
	for (const c of shaped) {
		const s = sensors.get(c.sensor);
		const m = s?.metrics.get(c.metric);
		if (!s) rejected.push({ index: c.index, reason: 'unknown_sensor' });
		else if (!m) rejected.push({ index: c.index, reason: 'unknown_metric' });
		else if (c.value < m.min || c.value > m.max)
			rejected.push({ index: c.index, reason: 'out_of_range' });
		else valid.push(c);
	}
	rejected.sort((a, b) => a.index - b.index);
	if (valid.length === 0) return { accepted: 0, duplicate: 0, rejected };

	// The same key order in every batch: concurrent batches then wait for each other instead of
	// deadlocking on each other's rows.
	valid.sort((a, b) => a.sensor - b.sensor || cmp(a.metric, b.metric) || a.ts - b.ts);
	const params = [
		pgArray(valid.map((c) => c.sensor)),
		pgArray(valid.map((c) => c.metric)),
		pgArray(valid.map((c) => new Date(c.ts).toISOString())),
		pgArray(valid.map((c) => c.value))
	];
	const typeOf = new Map([...sensors].map(([id, s]) => [id, s.type]));
	for (let attempt = 1; ; attempt++) {
		try {
			const accepted = await db.transaction(async (tx) => {
				const inserted = await tx.query<{
					sensorId: number;
					metric: string;
					ts: number;
					value: number;
				}>(sql('sensors/insert_readings'), params);
				await evaluateRules(tx, inserted, typeOf);
				return inserted.length;
			});
			return { accepted, duplicate: valid.length - accepted, rejected };
		} catch (e) {
			const code = isDbError(e) ? e.code : (e as { code?: string })?.code;
			if (attempt < 4 && code && RETRYABLE.has(code)) continue;
			if (e instanceof DbError) throw e;
			throw new DbError('storing a batch of readings', e);
		}
	}
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
