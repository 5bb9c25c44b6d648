/** Opens the configured engine: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
import type { Config } from '../config';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Db } from './types';

export type { Db, Queryable, Engine, Row } from './types';
export { DbError } from './types';

export async function openDb(
	config: Pick<
		Config,
		'DATABASE_URL' | 'PGLITE_DATA_DIR' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_POOL_MAX'
	>
): Promise<Db> {
	if (config.DATABASE_URL) {
		return openPostgres({
			url: config.DATABASE_URL,
			statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
			max: config.DB_POOL_MAX
		});
	}
	return openPglite({ dataDir: config.PGLITE_DATA_DIR });
}
