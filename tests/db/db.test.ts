import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError } from '../../src/lib/server/db/types';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
beforeAll(async () => {
	db = await testDb({ empty: true });
});
afterAll(async () => {
	await db?.close();
});

describe('Db interface', () => {
	it('runs parameterised queries with the same JS types on both engines', async () => {
		const [row] = await db.query<{
			i: number;
			big: number;
			num: number;
			t: string;
			ts: Date;
			j: { a: number[] };
			arr: number[];
			b: boolean;
			n: null;
		}>(
			`SELECT $1::int AS i, 9007199254740::bigint AS big, 1.25::numeric AS num, $2::text AS t,
			        '2026-01-02T03:04:05Z'::timestamptz AS ts, $3::jsonb AS j, $4::float8[] AS arr,
			        true AS b, NULL AS n`,
			[7, '街道', JSON.stringify({ a: [1, 2] }), [1.5, 2.5]]
		);
		expect(row).toEqual({
			i: 7,
			big: 9007199254740,
			num: 1.25,
			t: '街道',
			ts: new Date('2026-01-02T03:04:05Z'),
			j: { a: [1, 2] },
			arr: [1.5, 2.5],
			b: true,
			n: null
		});
	});

	it('bulk-inserts through unnest arrays', async () => {
		await db.exec('CREATE TABLE t_bulk (id int PRIMARY KEY, name text, v float8)');
		const n = 5000;
		const ids = Array.from({ length: n }, (_, i) => i);
		await db.query('INSERT INTO t_bulk SELECT * FROM unnest($1::int[], $2::text[], $3::float8[])', [
			ids,
			ids.map((i) => `n${i}`),
			ids.map((i) => i / 2)
		]);
		const [r] = await db.query<{ c: number; s: number }>(
			'SELECT count(*)::int AS c, sum(v) AS s FROM t_bulk'
		);
		expect(r).toEqual({ c: n, s: (n * (n - 1)) / 4 });
	});

	it('commits a transaction that resolves and rolls back one that throws', async () => {
		await db.exec('CREATE TABLE t_tx (id int PRIMARY KEY)');
		await db.transaction(async (tx) => {
			await tx.query('INSERT INTO t_tx VALUES ($1)', [1]);
		});
		await expect(
			db.transaction(async (tx) => {
				await tx.query('INSERT INTO t_tx VALUES ($1)', [2]);
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		await expect(
			db.transaction(async (tx) => {
				await tx.query('INSERT INTO t_tx VALUES ($1)', [3]);
				await tx.query('INSERT INTO t_tx VALUES ($1)', [1]); // duplicate key
			})
		).rejects.toBeInstanceOf(DbError);
		const rows = await db.query<{ id: number }>('SELECT id FROM t_tx ORDER BY id');
		expect(rows.map((r) => r.id)).toEqual([1]);
	});

	it('wraps errors with what was attempted and keeps the SQLSTATE', async () => {
		const err = await db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DbError);
		expect((err as DbError).code).toBe('42P01');
		expect((err as DbError).message).toMatch(/^querying SELECT \* FROM no_such_table: /);
	});

	it('runs several statements at once with exec', async () => {
		await db.exec('CREATE TABLE t_exec (x int); INSERT INTO t_exec VALUES (1), (2);');
		const [r] = await db.query<{ n: number }>('SELECT sum(x)::int AS n FROM t_exec');
		expect(r?.n).toBe(3);
	});
});
