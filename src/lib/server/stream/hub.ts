/**
 * The live change stream: ONE listener per process and database, fanning changes out to the open
 * Server-Sent-Events connections in memory. Each connection has its own scope filter and a
 * bounded buffer: a client that does not read is dropped (it reconnects with Last-Event-ID and
 * replays), never allowed to grow the server's memory. Reconnecting clients replay what they
 * missed from change_log; too far behind, they get `reset` and refetch.
 */
import type { Actor } from '../../domain/actor';
import type { Db } from '../db';
import { sql } from '../sql';
import { log } from '../log';
import { subscribeChanges, type ChangeSubscription } from './feed';
import { encode, sseFrame, toEvent, viewerOf, type ChangeEvent, type ChangeRow } from './events';

export interface HubOptions {
	/** Bytes a connection may have queued and unread before it is dropped. */
	bufferBytes: number;
	/** Most change rows a reconnect replays; more missed than this → `reset`. */
	replayLimit: number;
	/** Comment heartbeat interval (keeps proxies from closing an idle stream). */
	heartbeatMs: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
	bufferBytes: 256 * 1024,
	replayLimit: 1000,
	heartbeatMs: 15_000
};

/** Rows read per notice range (a range larger than this is read in pages). */
const PAGE = 1000;
const MAX_ID = '9223372036854775807';
/** How many recently sent ids are remembered to drop a duplicate (overlapping notice ranges). */
const RECENT = 10_000;

interface Client {
	accepts(e: ChangeEvent): boolean;
	send(bytes: Uint8Array): void;
	close(): void;
	/** While replaying: live events wait here and are sent after, without duplicates. */
	pending: ChangeEvent[] | null;
	/** Ids the replay sent: their live notice may still arrive after it, and is skipped. */
	replayed: Set<number> | null;
}

export interface OpenStreamOptions {
	/** The Last-Event-ID the client sent (replay after it), or null for live only. */
	lastEventId: number | null;
	/** Replay what was missed, then end the response (no live part). */
	poll: boolean;
	signal?: AbortSignal;
}

export class ChangeHub {
	readonly db: Db;
	readonly opts: HubOptions;
	private readonly clients = new Set<Client>();
	private subscription: ChangeSubscription | null = null;
	private starting: Promise<void> | null = null;
	private cursor = 0;
	private readonly recent = new Set<number>();
	private readonly recentOrder: number[] = [];
	private chain: Promise<void> = Promise.resolve();
	private heartbeat: ReturnType<typeof setInterval> | null = null;
	private stopped = false;

	constructor(db: Db, opts: Partial<HubOptions> = {}) {
		this.db = db;
		this.opts = { ...DEFAULT_HUB_OPTIONS, ...opts };
	}

	/** Number of open connections. */
	get size(): number {
		return this.clients.size;
	}

	/** Starts listening (once). The cursor starts at the newest change: older ones are replays. */
	start(): Promise<void> {
		this.starting ??= (async () => {
			const [row] = await this.db.query<{ id: number }>(sql('map/change_last'));
			this.cursor = Number(row?.id ?? 0);
			this.subscription = await subscribeChanges(
				this.db,
				(payload) => this.onNotice(payload),
				() => this.enqueue(() => this.catchUp())
			);
			this.heartbeat = setInterval(() => this.ping(), this.opts.heartbeatMs);
			this.heartbeat.unref?.();
		})();
		return this.starting;
	}

	/** Closes every connection and stops listening (server shutdown). */
	async stop(): Promise<void> {
		this.stopped = true;
		this.closeAll();
		if (this.heartbeat) clearInterval(this.heartbeat);
		this.heartbeat = null;
		const sub = this.subscription;
		this.subscription = null;
		await sub?.stop().catch(() => {});
	}

	/** Ends every open stream (clients reconnect elsewhere with Last-Event-ID). */
	closeAll(): void {
		for (const c of [...this.clients]) c.close();
	}

	private enqueue(step: () => Promise<void>): void {
		// why: notices are handled one at a time, in arrival order, so the cursor only moves up.
		this.chain = this.chain.then(step).catch((e: unknown) => {
			log.error('change stream: reading changes failed', { error: String(e) });
		});
	}

	private onNotice(payload: string): void {
		const m = /^(\d+):(\d+)$/.exec(payload);
		if (!m) return;
		const lo = Number(m[1]);
		const hi = Number(m[2]);
		this.enqueue(() => this.readRange(lo, hi));
	}

	/** After (re)connecting the listener: whatever committed while it was not listening. */
	private async catchUp(): Promise<void> {
		await this.readRange(this.cursor + 1, Number.MAX_SAFE_INTEGER);
	}

	private async readRange(lo: number, hi: number): Promise<void> {
		let from = lo;
		for (;;) {
			const rows = await this.changes(from, hi, PAGE);
			for (const r of rows) this.dispatch(toEvent(r));
			if (rows.length < PAGE) return;
			from = rows[rows.length - 1]!.id + 1;
		}
	}

	/** change_log rows with ids in lo..hi (hi = MAX_SAFE_INTEGER: everything after lo). */
	changes(lo: number, hi: number, limit: number): Promise<ChangeRow[]> {
		return this.db.query<ChangeRow>(sql('map/changes'), [
			lo,
			hi >= Number.MAX_SAFE_INTEGER ? MAX_ID : hi,
			limit,
			new Date()
		]);
	}

	private dispatch(e: ChangeEvent): void {
		if (this.recent.has(e.id)) return;
		this.recent.add(e.id);
		this.recentOrder.push(e.id);
		if (this.recentOrder.length > RECENT) this.recent.delete(this.recentOrder.shift()!);
		if (e.id > this.cursor) this.cursor = e.id;
		for (const c of this.clients) {
			if (!c.accepts(e) || c.replayed?.has(e.id)) continue;
			if (c.pending) c.pending.push(e);
			else c.send(e.frame);
		}
	}

	private ping(): void {
		const beat = encode(': ping\n\n');
		for (const c of this.clients) if (!c.pending) c.send(beat);
	}

	/**
	 * Opens one SSE stream for an actor: replay after lastEventId (if given), then live changes.
	 * @returns the response body
	 */
	async open(actor: Actor, o: OpenStreamOptions): Promise<ReadableStream<Uint8Array>> {
		if (!o.poll) await this.start();
		const viewer = viewerOf(actor);
		const limit = this.opts.bufferBytes;
		let controller!: ReadableStreamDefaultController<Uint8Array>;
		let closed = false;
		const client: Client = {
			accepts: (e) => viewer.accepts(e),
			pending: o.lastEventId === null ? null : [],
			replayed: null,
			send: (bytes) => {
				if (closed) return;
				controller.enqueue(bytes);
				// why: a client that stops reading must not grow our memory; it is dropped and
				// will replay from its Last-Event-ID when it reconnects.
				if ((controller.desiredSize ?? 0) < 0) {
					log.warn('change stream: dropping a slow client', { queued: limit });
					client.close();
				}
			},
			close: () => {
				if (closed) return;
				closed = true;
				this.clients.delete(client);
				try {
					controller.close();
				} catch {
					// already closed or cancelled by the client
				}
			}
		};
		const stream = new ReadableStream<Uint8Array>(
			{
				start: (c) => {
					controller = c;
				},
				cancel: () => {
					closed = true;
					this.clients.delete(client);
				}
			},
			new ByteLengthQueuingStrategy({ highWaterMark: limit })
		);
		o.signal?.addEventListener('abort', () => client.close(), { once: true });
		client.send(encode(`retry: 3000\n: connected\n\n`));
		if (!o.poll && !this.stopped) this.clients.add(client);
		if (o.lastEventId !== null) {
			await this.replay(client, o.lastEventId, viewer.accepts);
		}
		if (o.poll || this.stopped) client.close();
		return stream;
	}

	private async replay(
		client: Client,
		after: number,
		accepts: (e: ChangeEvent) => boolean
	): Promise<void> {
		const limit = this.opts.replayLimit;
		let sent = new Set<number>();
		try {
			const rows = await this.changes(after + 1, Number.MAX_SAFE_INTEGER, limit + 1);
			if (rows.length > limit) {
				// why: too far behind to replay cheaply; the client refetches its layers instead.
				client.send(encode(sseFrame(null, 'reset', { reason: 'too far behind' })));
				sent = new Set(rows.map((r) => r.id));
			} else {
				for (const r of rows) {
					const e = toEvent(r);
					sent.add(e.id);
					if (accepts(e)) client.send(e.frame);
				}
			}
		} finally {
			client.replayed = sent;
			const pending = client.pending ?? [];
			client.pending = null;
			for (const e of pending) if (!sent.has(e.id)) client.send(e.frame);
		}
	}
}

const hubs = new WeakMap<Db, ChangeHub>();

/** The process's hub for this database (created on first use; stopped on server shutdown). */
export function hubFor(db: Db): ChangeHub {
	let hub = hubs.get(db);
	if (!hub) {
		const created = new ChangeHub(db);
		hub = created;
		hubs.set(db, created);
		// why: an open stream never finishes by itself, so graceful shutdown would wait for it;
		// end the streams when the server is told to stop (adapter-node also listens for these).
		const end = () => created.closeAll();
		process.once('SIGTERM', end);
		process.once('SIGINT', end);
		process.once('sveltekit:shutdown' as 'exit', () => void created.stop());
	}
	return hub;
}
