/**
 * The planner's what-if session: the candidate points the planner added, the existing points
 * moved, removed or switched off, and what they do to coverage and the desert overlay. Every edit
 * goes to the what-if Web Worker (incremental delta) and then to the desert Worker; a drag sends
 * at most one move per animation frame, and only the latest position.
 */
import type { CoverageTotals } from '$lib/analysis/coverage';
import type { ScenarioChanges } from './scenario';
import type { WhatIfReply, WorkerCell } from './protocol';
import type { Desert, DrawnPoint, PlannerPoint } from './types';
import { editedPoints } from './view';
import { DesertClient, WhatIfClient, type WhatIfBody } from './whatif';

/** A candidate point added by the planner (text id). */
export interface Candidate {
	id: string;
	lon: number;
	lat: number;
}

/** An existing service point at a new position. */
export interface MovedPoint {
	id: number;
	lon: number;
	lat: number;
}

/** The id of a point on the planner map: existing (number) or candidate (text). */
export type PointKey = number | string;

/** One what-if session on the planner page (Svelte 5 runes: read its fields reactively). */
export class WhatIfSession {
	/** 1 per covered cell, in the order of the cells. */
	covered = $state.raw<Uint8Array>(new Uint8Array(0));
	/** Bumped whenever `covered` changes (deck.gl update trigger). */
	revision = $state(0);
	totals = $state.raw<CoverageTotals | null>(null);
	baseline = $state.raw<CoverageTotals | null>(null);
	deserts = $state.raw<Desert[]>([]);
	candidates = $state.raw<Candidate[]>([]);
	moved = $state.raw<MovedPoint[]>([]);
	off = $state.raw<number[]>([]);
	removed = $state.raw<number[]>([]);
	/** The selected point (Delete removes it, Esc deselects). */
	selected = $state<PointKey | null>(null);
	ready = $state(false);
	whatIfMs = $state<number | null>(null);
	desertMs = $state<number | null>(null);
	error = $state<string | null>(null);
	/** The existing service points of the current question. */
	existing = $state.raw<PlannerPoint[]>([]);

	private client: WhatIfClient | null = null;
	private desertClient: DesertClient | null = null;
	private session = 0;
	private nextCandidate = 1;
	/** Latest position per dragged point not yet sent (plain data, not reactive). */
	private pending: { id: PointKey; lon: number; lat: number }[] = [];
	private frame = 0;
	private moving = false;

	/** Newly covered minus newly uncovered persons since the baseline. */
	get gain(): number {
		return this.totals && this.baseline ? this.totals.covered - this.baseline.covered : 0;
	}

	/** Whether anything was changed. */
	get edited(): boolean {
		return this.candidates.length + this.moved.length + this.off.length + this.removed.length > 0;
	}

	/**
	 * The points to draw: existing ones (moved where moved, removed ones left out), candidates.
	 *
	 * @returns the points with their kind and selection
	 * @example
	 * session.drawn();
	 */
	drawn(): DrawnPoint[] {
		return editedPoints(this.existing, this, this.selected);
	}

	/** Starts the Workers (in the browser only). */
	start(): void {
		this.client = new WhatIfClient();
		this.desertClient = new DesertClient((r) => {
			if (r.type === 'error') {
				this.error = r.message;
				return;
			}
			this.deserts = r.deserts.features;
			this.desertMs = r.ms;
		});
	}

	/** Stops the Workers. */
	close(): void {
		// why: also runs on the server (onDestroy during SSR), where no frame was ever requested.
		if (this.frame) cancelAnimationFrame(this.frame);
		this.frame = 0;
		this.client?.close();
		this.desertClient?.close();
		this.client = this.desertClient = null;
	}

	/**
	 * Builds the Worker state for a coverage question and replays the planner's edits on it.
	 *
	 * @param version - the cell layer's data version
	 * @param cells - cells with the segment's demand
	 * @param points - the existing service points of the question
	 * @param radius - walking metres
	 * @param detour - detour factor
	 * @param deserts - the server's deserts for the unedited state
	 * @returns when the edits are replayed
	 * @example
	 * await session.init(cellsReply.version, workerCells, reply.points, 500, 1.3, reply.deserts.features);
	 */
	async init(
		version: string,
		cells: WorkerCell[],
		points: PlannerPoint[],
		radius: number,
		detour: number,
		deserts: Desert[]
	): Promise<void> {
		const client = this.client;
		if (!client) return;
		const mine = ++this.session;
		this.ready = false;
		this.existing = points;
		this.deserts = deserts;
		this.desertClient?.init(version, cells);
		const reply = await client.send({
			type: 'init',
			cells,
			points: points.map((pt) => ({ id: pt.id, lon: pt.lon, lat: pt.lat, active: true })),
			radius,
			detour
		});
		if (mine !== this.session || reply.type !== 'ready') return;
		this.covered = reply.covered;
		this.baseline = reply.baseline;
		this.totals = reply.totals;
		// Replay the edits that still apply to these points.
		const known = (id: number): boolean => points.some((pt) => pt.id === id);
		this.removed = this.removed.filter(known);
		this.moved = this.moved.filter((p) => known(p.id) && !this.removed.includes(p.id));
		this.off = this.off.filter((id) => known(id) && !this.removed.includes(id));
		const replay: WhatIfBody[] = [
			...this.removed.map((id) => ({ type: 'remove' as const, id })),
			...this.moved.map((p) => ({ type: 'move' as const, id: p.id, lon: p.lon, lat: p.lat })),
			...this.off.map((id) => ({ type: 'setActive' as const, id, active: false })),
			...this.candidates.map((c) => ({ type: 'add' as const, point: { ...c, active: true } }))
		];
		for (const body of replay) {
			const r = await client.send(body);
			if (mine !== this.session) return;
			this.apply(r);
		}
		if (replay.length > 0) this.desertClient?.request(this.covered);
		this.revision++;
		this.ready = true;
	}

	/**
	 * Adds a candidate point and selects it.
	 *
	 * @param lon - longitude
	 * @param lat - latitude
	 * @returns the candidate's id
	 * @example
	 * session.add(117.02, 36.66);
	 */
	add(lon: number, lat: number): string {
		let id = `c${this.nextCandidate++}`;
		while (this.candidates.some((c) => c.id === id)) id = `c${this.nextCandidate++}`;
		this.candidates = [...this.candidates, { id, lon, lat }];
		this.selected = id;
		void this.edit({ type: 'add', point: { id, lon, lat, active: true } });
		return id;
	}

	/**
	 * Moves a candidate or an existing point; the Worker hears of it once per animation frame.
	 *
	 * @param id - the point
	 * @param lon - new longitude
	 * @param lat - new latitude
	 * @returns nothing
	 * @example
	 * session.moveTo('c1', 117.03, 36.66);
	 */
	moveTo(id: PointKey, lon: number, lat: number): void {
		if (typeof id === 'string') {
			this.candidates = this.candidates.map((c) => (c.id === id ? { ...c, lon, lat } : c));
		} else {
			this.moved = [...this.moved.filter((p) => p.id !== id), { id, lon, lat }];
		}
		this.pending = [...this.pending.filter((p) => p.id !== id), { id, lon, lat }];
		this.schedule();
	}

	/**
	 * Removes a point: a candidate is dropped, an existing point is marked removed.
	 *
	 * @param id - the point
	 * @returns nothing
	 * @example
	 * session.remove('c1');
	 */
	remove(id: PointKey): void {
		this.pending = this.pending.filter((p) => p.id !== id);
		if (typeof id === 'string') {
			if (!this.candidates.some((c) => c.id === id)) return;
			this.candidates = this.candidates.filter((c) => c.id !== id);
		} else {
			if (this.removed.includes(id)) return;
			this.removed = [...this.removed, id];
			this.moved = this.moved.filter((p) => p.id !== id);
			this.off = this.off.filter((x) => x !== id);
		}
		if (this.selected === id) this.selected = null;
		void this.edit({ type: 'remove', id });
	}

	/**
	 * Switches an existing point off, or on again.
	 *
	 * @param id - the existing point
	 * @returns nothing
	 * @example
	 * session.toggleOff(12);
	 */
	toggleOff(id: number): void {
		const isOff = this.off.includes(id);
		this.off = isOff ? this.off.filter((x) => x !== id) : [...this.off, id];
		void this.edit({ type: 'setActive', id, active: isOff });
	}

	/**
	 * The edits as a scenario's changes.
	 *
	 * @returns added, moved, removed and switched-off points
	 * @example
	 * session.changes().added.length;
	 */
	changes(): ScenarioChanges {
		return {
			added: this.candidates.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat })),
			moved: this.moved.map((p) => ({ ...p })),
			removed: [...this.removed],
			off: [...this.off]
		};
	}

	/**
	 * Takes a saved scenario's changes (applied by the next {@link init}).
	 *
	 * @param changes - the scenario's changes
	 * @returns nothing
	 * @example
	 * session.load(scenario.changes);
	 */
	load(changes: ScenarioChanges): void {
		this.candidates = changes.added.map((a) => ({ id: a.id, lon: a.lon, lat: a.lat }));
		this.moved = changes.moved.map((p) => ({ ...p }));
		this.removed = [...changes.removed];
		this.off = [...changes.off];
		this.selected = null;
		this.nextCandidate = this.candidates.length + 1;
	}

	/** Forgets every edit (the next {@link init} starts from the baseline). */
	clear(): void {
		this.load({ added: [], moved: [], removed: [], off: [] });
		this.pending = [];
	}

	private schedule(): void {
		if (this.frame || this.moving) return;
		this.frame = requestAnimationFrame(() => {
			this.frame = 0;
			void this.flush();
		});
	}

	// why: one batch of moves in flight at a time; the latest position per point wins, so a fast
	// drag never queues up behind the Worker.
	private async flush(): Promise<void> {
		if (this.pending.length === 0) return;
		const batch = this.pending;
		this.pending = [];
		this.moving = true;
		try {
			for (const p of batch) await this.edit({ type: 'move', id: p.id, lon: p.lon, lat: p.lat });
		} finally {
			this.moving = false;
		}
		if (this.pending.length > 0) this.schedule();
	}

	private async edit(body: WhatIfBody): Promise<void> {
		if (!this.client || !this.ready) return;
		const mine = this.session;
		const reply = await this.client.send(body);
		if (mine !== this.session) return;
		this.apply(reply);
		this.desertClient?.request(this.covered);
	}

	private apply(reply: WhatIfReply): void {
		if (reply.type === 'error') {
			this.error = reply.message;
			return;
		}
		if (reply.type !== 'delta') return;
		if (reply.changed.length > 0) {
			const next = this.covered.slice();
			for (const i of reply.changed) next[i] = next[i] ? 0 : 1;
			this.covered = next;
			this.revision++;
		}
		this.totals = reply.totals;
		this.whatIfMs = reply.ms;
	}
}
