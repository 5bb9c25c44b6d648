/** What every generation step shares: the transaction, the options, the PRNG seed, the clock. */
import type { Queryable } from '../db';
import { sql } from '../sql';

export interface SeedContext {
	readonly tx: Queryable;
	readonly seed: number;
	readonly scale: number;
	readonly population: number;
	readonly days: number;
	/** The end of the generated history. */
	readonly now: Date;
}

type Scalar = string | number | boolean | null | undefined;

/**
 * A PostgreSQL array literal ('{1,NULL,"a \\"b\\""}') for a bulk parameter.
 *
 * Arrays are sent as literal text, not as JS arrays, because the drivers disagree on JS arrays:
 * porsager/postgres 3.4 turns a null inside a text[] into the string "NULL", a null inside a
 * bool[] into false, and cannot send a bool[] at all (it types it as bool). A literal is parsed
 * by the server, identically on both engines. Strings are always quoted and escaped.
 * @example pgArray([1, null, 'a"b']) // '{1,NULL,"a\\"b"}'
 */
export function pgArray(values: readonly Scalar[]): string {
	const parts = new Array<string>(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined) parts[i] = 'NULL';
		else if (typeof v === 'boolean') parts[i] = v ? 't' : 'f';
		else if (typeof v === 'number') {
			if (!Number.isFinite(v)) throw new RangeError(`pgArray: non-finite number ${v}`);
			parts[i] = String(v);
		} else parts[i] = `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
	}
	return `{${parts.join(',')}}`;
}

function encode(params: readonly unknown[]): unknown[] {
	return params.map((x) => (Array.isArray(x) ? pgArray(x as Scalar[]) : x));
}

/** Runs the statement in sql/queries/seed/<name>.sql; array parameters go as array literals. */
export function q<T extends Record<string, unknown>>(
	ctx: SeedContext,
	name: string,
	params: readonly unknown[] = []
): Promise<T[]> {
	return ctx.tx.query<T>(sql(`seed/${name}`), encode(params));
}

/**
 * Sends one bulk statement many times, one query in flight at a time, encoding the next batch
 * while the previous one runs (on PostgreSQL the server works while Node serialises).
 */
export class Pipeline<T extends Record<string, unknown>> {
	private pending: Promise<T[]> | undefined;
	private readonly rows: T[] = [];
	private readonly text: string;

	constructor(
		private readonly ctx: SeedContext,
		name: string
	) {
		this.text = sql(`seed/${name}`);
	}

	/** Encodes a batch now; sends it once the previous batch is done. */
	async send(params: readonly unknown[]): Promise<void> {
		const encoded = encode(params);
		await this.drain();
		this.pending = this.ctx.tx.query<T>(this.text, encoded);
	}

	private async drain(): Promise<void> {
		if (!this.pending) return;
		const p = this.pending;
		this.pending = undefined;
		for (const r of await p) this.rows.push(r);
	}

	/** Waits for the last batch; returns every row the statement returned, in order. */
	async finish(): Promise<T[]> {
		await this.drain();
		return this.rows;
	}
}

/**
 * Runs a bulk statement over column arrays in chunks: each call gets the same slice of every
 * column, so one round trip carries `size` rows (never one per row).
 * @returns the concatenated rows the statement returned
 */
export async function chunked<T extends Record<string, unknown>>(
	ctx: SeedContext,
	name: string,
	columns: readonly (readonly unknown[])[],
	size: number,
	extra: readonly unknown[] = []
): Promise<T[]> {
	const n = columns[0]?.length ?? 0;
	for (const c of columns) {
		if (c.length !== n)
			throw new Error(`seed/${name}: column lengths differ (${c.length} vs ${n})`);
	}
	const pipe = new Pipeline<T>(ctx, name);
	for (let from = 0; from < n; from += size) {
		const to = Math.min(n, from + size);
		await pipe.send([...columns.map((c) => c.slice(from, to)), ...extra]);
	}
	return pipe.finish();
}

/** Milliseconds since `t0`, for progress reports. */
export function since(t0: number): number {
	return Math.round(performance.now() - t0);
}
