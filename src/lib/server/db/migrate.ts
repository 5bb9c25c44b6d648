/**
 * Forward-only migrations: sql/migrations/NNNNN_snake_name.sql, numbered with no gaps, recorded in
 * schema_migration, all pending ones applied in one transaction (postgres-shift's model). An
 * advisory lock keeps two app instances starting together from racing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sqlRoot } from '../sql';
import type { Db } from './types';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

const FILE = /^(\d{5})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir = path.join(sqlRoot(), 'migrations')): Migration[] {
	const files = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.sort();
	return files.map((f, i) => {
		const m = FILE.exec(f);
		if (!m) throw new Error(`Migration file name ${f} is not NNNNN_snake_name.sql`);
		const version = Number(m[1]);
		if (version !== i + 1) throw new Error(`Migration ${f}: expected number ${i + 1} (no gaps)`);
		return { version, name: m[2]!, sql: fs.readFileSync(path.join(dir, f), 'utf8') };
	});
}

/** Applies all pending migrations; returns the ones applied. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<Migration[]> {
	return db.transaction(async (tx) => {
		// Serialise concurrent starters; released at commit.
		await tx.query('SELECT pg_advisory_xact_lock(4242001)');
		await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
			version integer PRIMARY KEY,
			name text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`);
		const done = new Set(
			(await tx.query<{ version: number }>('SELECT version FROM schema_migration')).map(
				(r) => r.version
			)
		);
		const pending = migrations.filter((m) => !done.has(m.version));
		for (const m of pending) {
			await tx.exec(m.sql);
			await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
				m.version,
				m.name
			]);
		}
		return pending;
	});
}
