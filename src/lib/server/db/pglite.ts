/** The embedded driver: PGlite (PostgreSQL in WASM) with the PostGIS extension, in-process. */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { lockDataDir } from './lock';
import { DbError, type Db, type Queryable, type Row } from './types';

export interface PgliteOptions {
	/** A directory, or 'memory://' for a throwaway in-memory database. */
	dataDir: string;
	/** A tarball from dumpDataDir() to start from (tests start from a seeded dump). */
	loadDataDir?: Blob | File;
}

function wrap(q: Pick<PGlite | Transaction, 'query' | 'exec'>): Queryable {
	return {
		engine: 'pglite',
		async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
			try {
				const r = await q.query<T>(sql, params as unknown[]);
				return r.rows;
			} catch (e) {
				throw new DbError(`querying ${firstLine(sql)}`, e);
			}
		},
		async exec(sql: string) {
			try {
				await q.exec(sql);
			} catch (e) {
				throw new DbError(`executing ${firstLine(sql)}`, e);
			}
		}
	};
}

export function firstLine(sql: string): string {
	const line = sql
		.split('\n')
		.map((l) => l.trim())
		.find((l) => l && !l.startsWith('--'));
	return (line ?? sql).slice(0, 80);
}

export async function openPglite(opts: PgliteOptions): Promise<Db & { pg: PGlite }> {
	const memory = opts.dataDir.startsWith('memory://');
	const release = memory ? () => {} : lockDataDir(opts.dataDir);
	let pg: PGlite;
	try {
		pg = await PGlite.create({
			dataDir: opts.dataDir,
			extensions: { postgis },
			// Same JS types as the postgres driver: numeric as a number.
			parsers: { 1700: (v: string) => Number(v) },
			...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {})
		});
		await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
	} catch (e) {
		release();
		throw new DbError(`opening PGlite at ${opts.dataDir}`, e);
	}
	const base = wrap(pg);
	let closed = false;
	return {
		...base,
		pg,
		async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
			return pg.transaction((tx) => fn(wrap(tx)));
		},
		async close() {
			if (closed) return;
			closed = true;
			try {
				await pg.close();
			} finally {
				release();
			}
		}
	};
}
