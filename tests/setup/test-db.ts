/**
 * A fresh database for one test file, on the engine under test:
 * - `testDb()`: migrated and seeded with the small demo (TEST_SEED) — from the global dump/template;
 * - `testDb({ empty: true })`: migrated, no data.
 * On PostgreSQL each call creates its own database and `close()` drops it.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { migrate } from '../../src/lib/server/db/migrate';
import type { Db } from '../../src/lib/server/db/types';
import { asAppRole, ownerClause, postgresUrl, withDatabase } from './engines';

export interface TestDb extends Db {
	/** Closes and (on PostgreSQL) drops the database. */
	close(): Promise<void>;
}

export async function testDb(opts: { empty?: boolean } = {}): Promise<TestDb> {
	const pgUrl = postgresUrl();
	if (!pgUrl) {
		if (opts.empty) {
			const db = await openPglite({ dataDir: 'memory://' });
			await migrate(db);
			return db;
		}
		const dump = fs.readFileSync(inject('pgliteDump'));
		return openPglite({ dataDir: 'memory://', loadDataDir: new Blob([dump]) });
	}
	const name = `jiedao_t_${randomBytes(6).toString('hex')}`;
	const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
	try {
		const template = opts.empty ? null : inject('pgTemplate');
		await admin.unsafe(
			template
				? `CREATE DATABASE ${name} TEMPLATE ${template}${ownerClause()}`
				: `CREATE DATABASE ${name}${ownerClause()}`
		);
	} finally {
		await admin.end();
	}
	if (ownerClause()) {
		// The app role cannot create PostGIS (not a trusted extension): the superuser does.
		const ext = postgres(withDatabase(pgUrl, name), { max: 1, onnotice: () => {} });
		await ext.unsafe('CREATE EXTENSION IF NOT EXISTS postgis');
		await ext.end();
	}
	const db = await openPostgres({
		url: asAppRole(withDatabase(pgUrl, name)),
		statementTimeoutMs: 120_000,
		max: 4
	});
	if (opts.empty) await migrate(db);
	return {
		...db,
		async close() {
			await db.close();
			const a = postgres(pgUrl, { max: 1, onnotice: () => {} });
			await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}
