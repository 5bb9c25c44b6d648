/**
 * The periodic sweep (issue 6 §4): rules that fire on time passing rather than on a reading —
 * device silence (no data for N reporting intervals) — decided with one bulk statement over the
 * sensors' last-seen times, never a loop of per-sensor queries. Started by jobs.ts on a timer.
 */
import type { Db } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { openCasesForAlerts } from './cases';

export interface SweepResult {
	opened: number[];
	resolved: number[];
}

/**
 * One sweep: resolve the silence alerts of sensors heard from again, open one for each newly
 * silent sensor (and its case when the rule opens cases), in one transaction.
 *
 * @param db - the database
 * @param now - the clock
 * @returns the alert ids opened and resolved
 * @example
 * await sweepSensors(db, new Date());
 */
export async function sweepSensors(db: Db, now: Date): Promise<SweepResult> {
	try {
		return await db.transaction(async (tx) => {
			const resolved = await tx.query<{ id: number }>(sql('sensors/sweep_silence_resolve'), [now]);
			const opened = await tx.query<{ id: number }>(sql('sensors/sweep_silence_open'), [now]);
			const ids = opened.map((r) => Number(r.id));
			await openCasesForAlerts(tx, ids);
			return { opened: ids, resolved: resolved.map((r) => Number(r.id)) };
		});
	} catch (e) {
		throw e instanceof DbError ? e : new DbError('sweeping for silent sensors', e);
	}
}
