/**
 * The live change stream on the engine under test: a change committed with its change_log row
 * reaches an open stream through NOTIFY (pg.listen on PGlite, LISTEN on PostgreSQL), scoped per
 * viewer; Last-Event-ID replays (or resets when too far behind); a slow reader is dropped; poll
 * mode and shutdown end the stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { ANONYMOUS } from '../../src/lib/domain/actor';
import { ChangeHub } from '../../src/lib/server/stream/hub';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
let hub: ChangeHub;
let subA: string;
let subB: string;
const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const operatorOf = (sub: string): Actor => ({
	role: 'operator',
	scope: [sub],
	userId: null,
	username: `op-${sub}`
});

interface Frame {
	id: number | null;
	event: string;
	data: Record<string, unknown>;
}

/** Reads SSE frames from a stream as they arrive. */
class Reader {
	private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
	private buf = '';
	readonly frames: Frame[] = [];
	done = false;
	private readonly decoder = new TextDecoder();
	constructor(stream: ReadableStream<Uint8Array>) {
		this.reader = stream.getReader();
	}
	private async pump(ms: number): Promise<boolean> {
		const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
		const next = await Promise.race([this.reader.read(), timeout]);
		if (next === 'timeout') return false;
		if (next.done) {
			this.done = true;
			return false;
		}
		this.buf += this.decoder.decode(next.value, { stream: true });
		let at: number;
		while ((at = this.buf.indexOf('\n\n')) >= 0) {
			const block = this.buf.slice(0, at);
			this.buf = this.buf.slice(at + 2);
			const f: Partial<Frame> & { dataText?: string } = { id: null };
			for (const line of block.split('\n')) {
				if (line.startsWith('id: ')) f.id = Number(line.slice(4));
				else if (line.startsWith('event: ')) f.event = line.slice(7);
				else if (line.startsWith('data: ')) f.dataText = line.slice(6);
			}
			if (f.event) this.frames.push({ id: f.id!, event: f.event, data: JSON.parse(f.dataText!) });
		}
		return true;
	}
	/** Waits until a frame matches (or the time runs out). */
	async until(pred: (f: Frame) => boolean, ms = 3000): Promise<Frame | undefined> {
		const end = Date.now() + ms;
		for (;;) {
			const hit = this.frames.find(pred);
			if (hit || this.done) return hit;
			const left = end - Date.now();
			if (left <= 0) return undefined;
			await this.pump(left);
		}
	}
	/** Reads until the stream ends. */
	async toEnd(ms = 3000): Promise<void> {
		const end = Date.now() + ms;
		while (!this.done && Date.now() < end) await this.pump(end - Date.now());
	}
	async cancel(): Promise<void> {
		await this.reader.cancel().catch(() => {});
	}
}

/** Changes one case of the subdistrict the way the case service does: row + change_log, one transaction. */
async function touchCase(sub: string): Promise<{ caseId: number; changeId: number }> {
	return db.transaction(async (tx) => {
		const [c] = await tx.query<{ id: number }>(
			`UPDATE incident SET priority = 1, updated_at = now()
			  WHERE id = (SELECT id FROM incident WHERE subdistrict_code = $1 ORDER BY id LIMIT 1)
			  RETURNING id::int AS id`,
			[sub]
		);
		const [l] = await tx.query<{ id: number }>(
			`INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
			 VALUES ('incident', $1, 'update', $2) RETURNING id::int AS id`,
			[c!.id, sub]
		);
		return { caseId: c!.id, changeId: l!.id };
	});
}

async function touchServicePoint(): Promise<number> {
	const [l] = await db.query<{ id: number }>(
		`INSERT INTO change_log (kind, entity_id, op) VALUES ('service_point', 1, 'update') RETURNING id::int AS id`
	);
	return l!.id;
}

beforeAll(async () => {
	db = await testDb();
	const subs = await db.query<{ code: string }>(
		"SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code"
	);
	subA = subs[0]!.code;
	subB = subs[1]!.code;
	hub = new ChangeHub(db, { replayLimit: 5 });
	await hub.start();
});
afterAll(async () => {
	await hub?.stop();
	await db?.close();
});

describe('change stream', () => {
	it('delivers a committed case change to every viewer allowed to see it, scoped', async () => {
		const all = new Reader(await hub.open(admin, { lastEventId: null, poll: false }));
		const opA = new Reader(await hub.open(operatorOf(subA), { lastEventId: null, poll: false }));
		const opB = new Reader(await hub.open(operatorOf(subB), { lastEventId: null, poll: false }));
		const pub = new Reader(await hub.open(ANONYMOUS, { lastEventId: null, poll: false }));
		const { caseId, changeId } = await touchCase(subA);
		const got = await all.until((f) => f.id === changeId);
		expect(got).toMatchObject({
			event: 'incident',
			data: { id: caseId, op: 'update', priority: 1, subdistrict: subA }
		});
		const [row] = await db.query<{ number: string; state: string; lon: number; lat: number }>(
			'SELECT number, state, round(ST_X(geom)::numeric, 6)::float8 AS lon, round(ST_Y(geom)::numeric, 6)::float8 AS lat FROM incident WHERE id = $1',
			[caseId]
		);
		expect(got!.data).toMatchObject(row!);
		expect(Object.keys(got!.data).sort()).toEqual(
			[
				'category',
				'id',
				'lat',
				'lon',
				'number',
				'op',
				'priority',
				'state',
				'subdistrict',
				'urgency'
			].sort()
		);
		expect(await opA.until((f) => f.id === changeId)).toBeDefined();
		// A service-point change goes to everyone: once it arrived, B and the public have seen
		// everything before it, and the case change was not among it.
		const sp = await touchServicePoint();
		for (const r of [opB, pub]) {
			expect(await r.until((f) => f.id === sp)).toMatchObject({
				event: 'service_point',
				data: { id: 1, op: 'update' }
			});
			expect(r.frames.some((f) => f.event === 'incident')).toBe(false);
		}
		for (const r of [all, opA, opB, pub]) await r.cancel();
		await new Promise((r) => setTimeout(r, 20));
		expect(hub.size).toBe(0);
	});

	it('replays what a reconnecting client missed (Last-Event-ID), then goes live', async () => {
		const before = await touchServicePoint();
		const missed1 = await touchCase(subA);
		const missed2 = await touchServicePoint();
		const r = new Reader(await hub.open(admin, { lastEventId: before, poll: false }));
		expect(await r.until((f) => f.id === missed2)).toBeDefined();
		expect(r.frames.map((f) => f.id)).toEqual([missed1.changeId, missed2]);
		const live = await touchServicePoint();
		expect(await r.until((f) => f.id === live)).toBeDefined();
		// Each change exactly once.
		expect(r.frames.map((f) => f.id)).toEqual([missed1.changeId, missed2, live]);
		await r.cancel();
	});

	it('too far behind: `reset` instead of a replay', async () => {
		const before = await touchServicePoint();
		for (let i = 0; i < 6; i++) await touchServicePoint();
		const r = new Reader(await hub.open(admin, { lastEventId: before, poll: true }));
		await r.toEnd();
		expect(r.done).toBe(true);
		expect(r.frames.map((f) => f.event)).toEqual(['reset']);
	});

	it('poll mode replays and ends; scope applies to the replay too', async () => {
		const before = await touchServicePoint();
		const inB = await touchCase(subB);
		const sp = await touchServicePoint();
		const a = new Reader(await hub.open(operatorOf(subA), { lastEventId: before, poll: true }));
		await a.toEnd();
		expect(a.done).toBe(true);
		expect(a.frames.map((f) => f.id)).toEqual([sp]);
		const b = new Reader(await hub.open(operatorOf(subB), { lastEventId: before, poll: true }));
		await b.toEnd();
		expect(b.frames.map((f) => f.id)).toEqual([inB.changeId, sp]);
	});

	it('drops a client that does not read instead of buffering without bound', async () => {
		const small = new ChangeHub(db, { bufferBytes: 600 });
		await small.start();
		try {
			const stream = await small.open(admin, { lastEventId: null, poll: false });
			const reader = new Reader(await small.open(admin, { lastEventId: null, poll: false }));
			expect(small.size).toBe(2);
			// The reading client reads all along; it stops at the change after the burst.
			const stop = { id: -1 };
			const reading = reader.until((f) => f.id === stop.id, 20_000);
			const burst: number[] = [];
			for (let i = 0; i < 12; i++) burst.push((await touchCase(subA)).changeId);
			stop.id = await touchServicePoint();
			expect(await reading).toBeDefined();
			expect(burst.every((id) => reader.frames.some((f) => f.id === id))).toBe(true);
			// The one that never reads is gone.
			expect(small.size).toBe(1);
			// What it had queued is still readable, then the stream ends (it will replay).
			const r = new Reader(stream);
			await r.toEnd();
			expect(r.done).toBe(true);
			expect(r.frames.length).toBeGreaterThan(0);
			expect(r.frames.length).toBeLessThan(12);
			await reader.cancel();
		} finally {
			await small.stop();
		}
	});

	it('stop() ends every open stream (server shutdown)', async () => {
		const other = new ChangeHub(db);
		await other.start();
		const r = new Reader(await other.open(admin, { lastEventId: null, poll: false }));
		await other.stop();
		await r.toEnd();
		expect(r.done).toBe(true);
		expect(other.size).toBe(0);
	});
});
