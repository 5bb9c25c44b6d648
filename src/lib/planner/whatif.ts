/**
 * The page's handle on the what-if Web Worker: one request at a time in order, each answered
 * with a promise. Vite bundles the Worker as a module from its own URL (worker-src 'self').
 */
import type {
	DesertReply,
	DesertRequest,
	WhatIfReply,
	WhatIfRequest,
	WorkerCell
} from './protocol';

/** A request without its sequence number (distributed over the union). */
export type WhatIfBody = WhatIfRequest extends infer R
	? R extends WhatIfRequest
		? Omit<R, 'seq'>
		: never
	: never;

/** A running what-if Worker. */
export class WhatIfClient {
	private readonly worker: Worker;
	private seq = 0;
	private readonly waiting = new Map<number, (reply: WhatIfReply) => void>();

	constructor() {
		this.worker = new Worker(new URL('./whatif.worker.ts', import.meta.url), { type: 'module' });
		this.worker.onmessage = (e: MessageEvent<WhatIfReply>) => {
			const done = this.waiting.get(e.data.seq);
			this.waiting.delete(e.data.seq);
			done?.(e.data);
		};
	}

	/**
	 * Sends one request.
	 *
	 * @param body - the request without its sequence number
	 * @returns the Worker's reply
	 * @example
	 * const r = await client.send({ type: 'add', point: { id: 'c1', lon, lat, active: true } });
	 */
	send(body: WhatIfBody): Promise<WhatIfReply> {
		const seq = ++this.seq;
		return new Promise((resolve) => {
			this.waiting.set(seq, resolve);
			this.worker.postMessage({ ...body, seq } as WhatIfRequest);
		});
	}

	/** Stops the Worker. */
	close(): void {
		this.worker.terminate();
		this.waiting.clear();
	}
}

/**
 * The desert Worker: merges uncovered cells into ranked polygons off the page's thread. Only
 * the latest request matters, so one runs at a time and newer flags replace a waiting one.
 */
export class DesertClient {
	private readonly worker: Worker;
	private seq = 0;
	private busy = false;
	private waiting: Uint8Array | null = null;
	/** Replies to requests made before the last init are stale. */
	private floor = 0;

	/**
	 * @param ondeserts - called with each merged result
	 */
	constructor(private readonly ondeserts: (reply: DesertReply) => void) {
		this.worker = new Worker(new URL('./deserts.worker.ts', import.meta.url), { type: 'module' });
		this.worker.onmessage = (e: MessageEvent<DesertReply>) => {
			this.busy = false;
			// Every current result is shown (a drag keeps the overlay moving); newer flags follow.
			if (e.data.seq >= this.floor) this.ondeserts(e.data);
			if (this.waiting) {
				const next = this.waiting;
				this.waiting = null;
				this.request(next);
			}
		};
	}

	/**
	 * Sends the cells (geometry and demand) once per coverage question.
	 *
	 * @param version - the cell layer's data version (outlines are prepared again only when it changes)
	 * @param cells - the cells, in the order of the covered flags
	 * @returns nothing
	 * @example
	 * desertClient.init(cellsReply.version, cells);
	 */
	init(version: string, cells: WorkerCell[]): void {
		this.waiting = null;
		this.floor = ++this.seq;
		this.worker.postMessage({
			type: 'init',
			seq: this.floor,
			version,
			cells
		} satisfies DesertRequest);
	}

	/**
	 * Asks for deserts from these covered flags (the latest call wins).
	 *
	 * @param covered - 1 per covered cell
	 * @returns nothing
	 * @example
	 * desertClient.request(covered);
	 */
	request(covered: Uint8Array): void {
		if (this.busy) {
			this.waiting = covered;
			return;
		}
		this.busy = true;
		this.worker.postMessage({
			type: 'deserts',
			seq: ++this.seq,
			covered
		} satisfies DesertRequest);
	}

	/** Stops the Worker. */
	close(): void {
		this.worker.terminate();
	}
}
