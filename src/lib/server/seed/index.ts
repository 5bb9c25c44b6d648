/**
 * The generated Lixia demo district (deterministic for a given seed and scale).
 * Implementation lives in this folder; this file is the entry point used by start-up, the
 * `npm run db:seed` CLI and the test set-up.
 */
import type { Db } from '../db';

export interface SeedOptions {
	/** 1 = about 20,000 incidents and 500 sensors; 10 gives ≥ 200,000 incidents. */
	scale: number;
	/** PRNG seed: the same seed and scale give the same content. */
	seed: number;
	/** Total residents (default 750,000). */
	population?: number;
	/** Days of incident history (default 90), ending at `now`. */
	days?: number;
	/** The end of the generated history (default: now, truncated to the hour). */
	now?: Date;
	onProgress?: (step: string, detail?: Record<string, unknown>) => void;
}

/** True when no district has been loaded yet (start-up seeds such a database). */
export async function isEmpty(db: Db): Promise<boolean> {
	const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM admin_area');
	return rows[0]?.n === 0;
}

export { seedDemo } from './generate';
