/**
 * Both engines end with the same schema after the migrations: tables, columns, types,
 * nullability, defaults, indexes and constraints. Runs when a PostgreSQL server is configured
 * (TEST_DATABASE_URL), as CI does; PGlite is always one side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite';
import { migrate } from '../../src/lib/server/db/migrate';
import type { Db } from '../../src/lib/server/db/types';
import { postgresUrl } from '../setup/engines';
import { testDb, type TestDb } from '../setup/test-db';

const SCHEMA_QUERIES = {
	columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
	                 is_identity, is_generated, generation_expression
	            FROM information_schema.columns WHERE table_schema = 'public'
	           ORDER BY table_name, column_name`,
	geometry: `SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns
	            WHERE f_table_schema = 'public' ORDER BY 1, 2`,
	indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
	           ORDER BY tablename, indexname`,
	constraints: `SELECT conrelid::regclass::text AS tbl, conname, contype,
	                     pg_get_constraintdef(oid) AS def
	                FROM pg_constraint
	               -- PostgreSQL 18 also lists NOT NULL as constraints; columns compare nullability.
	               WHERE connamespace = 'public'::regnamespace AND contype <> 'n'
	               ORDER BY 1, 2`,
	triggers: `SELECT event_object_table, trigger_name, event_manipulation, action_timing
	             FROM information_schema.triggers WHERE trigger_schema = 'public'
	            ORDER BY 1, 2, 3`
};

async function describeSchema(db: Db) {
	const out: Record<string, unknown[]> = {};
	for (const [k, q] of Object.entries(SCHEMA_QUERIES)) out[k] = await db.query(q);
	return out;
}

const pgUrl = postgresUrl();

describe.runIf(pgUrl)('schema parity between PGlite and PostgreSQL', () => {
	let lite: Db;
	let pg: TestDb;
	beforeAll(async () => {
		lite = await openPglite({ dataDir: 'memory://' });
		await migrate(lite);
		pg = await testDb({ empty: true });
	});
	afterAll(async () => {
		await lite?.close();
		await pg?.close();
	});

	it('has identical tables, columns, indexes, constraints and triggers', async () => {
		const [a, b] = await Promise.all([describeSchema(lite), describeSchema(pg)]);
		for (const key of Object.keys(SCHEMA_QUERIES)) {
			expect.soft(a[key], key).toEqual(b[key]);
		}
		expect((a.columns ?? []).length).toBeGreaterThan(100);
	});
});
