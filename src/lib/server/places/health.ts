import type { Actor } from '$lib/domain/actor';
import type { Db } from '../db';
import { sql } from '../sql';

export interface Health {
	status: 'ok';
	db: Db['engine'];
	postgis: string;
	counts: {
		subdistricts: number;
		communities: number;
		gridCells: number;
		servicePoints: number;
		incidents: number;
		sensors: number;
		readings: number;
		openAlerts: number;
	};
}

/**
 * Liveness plus what is loaded. Counts are aggregate, not personal, so any actor may ask.
 * @param _actor who is asking (every service takes one)
 */
export async function health(db: Db, _actor: Actor): Promise<Health> {
	const [row] = await db.query<Health['counts'] & { postgis: string }>(sql('places/health_counts'));
	if (!row) throw new Error('health query returned no row');
	const { postgis, ...counts } = row;
	return { status: 'ok', db: db.engine, postgis, counts };
}
