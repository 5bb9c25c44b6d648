import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
beforeAll(async () => {
	db = await testDb({ empty: true });
});
afterAll(async () => {
	await db?.close();
});

describe('migration runner', () => {
	it('records every migration file and is a no-op when run again', async () => {
		const files = readMigrations();
		const rows = await db.query<{ version: number; name: string }>(
			'SELECT version, name FROM schema_migration ORDER BY version'
		);
		expect(rows).toEqual(files.map((m) => ({ version: m.version, name: m.name })));
		expect(await migrate(db)).toEqual([]);
	});

	it('applies all pending migrations in one transaction: one failure applies none', async () => {
		const have = readMigrations();
		const next = have.length + 1;
		const pending = [
			{ version: next, name: 'good', sql: 'CREATE TABLE mig_good (x int);' },
			{ version: next + 1, name: 'bad', sql: 'CREATE TABLE mig_bad (x int); SELECT 1/0;' }
		];
		await expect(migrate(db, [...have, ...pending])).rejects.toThrow(/division by zero/);
		const [t] = await db.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('mig_good', 'mig_bad')`
		);
		expect(t?.n).toBe(0);
		const [v] = await db.query<{ max: number }>('SELECT max(version) AS max FROM schema_migration');
		expect(v?.max).toBe(have.length);
	});

	it('refuses a gap in the numbering and a badly named file', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
		fs.writeFileSync(path.join(dir, '00001_a.sql'), 'SELECT 1;');
		fs.writeFileSync(path.join(dir, '00003_c.sql'), 'SELECT 1;');
		expect(() => readMigrations(dir)).toThrow(/expected number 2/);
		fs.rmSync(path.join(dir, '00003_c.sql'));
		fs.writeFileSync(path.join(dir, '00002-Bad.sql'), 'SELECT 1;');
		expect(() => readMigrations(dir)).toThrow(/NNNNN_snake_name/);
		fs.rmSync(dir, { recursive: true });
	});
});
