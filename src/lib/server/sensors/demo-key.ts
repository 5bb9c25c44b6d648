/** The demo's gateway key (INGEST_DEMO_KEY): good for every sensor, made on the first seed. */
import type { Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { keyHash } from './ingest';

/**
 * Stores the key (hashed) as a gateway key for all sensors; a second call is a no-op.
 *
 * @param db - the database
 * @param key - the plain key from the environment
 * @returns true when it was created now
 * @example
 * await createDemoIngestKey(db, 'demo-ingest-key-2026');
 */
export async function createDemoIngestKey(db: Queryable, key: string): Promise<boolean> {
	try {
		const rows = await db.query(sql('sensors/ingest_demo_key'), [keyHash(key), 'demo gateway']);
		return rows.length > 0;
	} catch (e) {
		throw new DbError('creating the demo ingestion key', e);
	}
}
