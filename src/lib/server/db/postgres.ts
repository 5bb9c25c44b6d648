/** The server driver: PostgreSQL + PostGIS through porsager/postgres. */
import postgres from 'postgres';
import { firstLine } from './pglite';
import { DbError, type Db, type Queryable, type Row } from './types';

export interface PostgresOptions {
	url: string;
	statementTimeoutMs: number;
	max: number;
}

type Sql = postgres.Sql | postgres.TransactionSql;

const jsonText = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));

function wrap(sql: Sql): Queryable {
	return {
		engine: 'postgres',
		async query<T extends Row>(text: string, params: readonly unknown[] = []) {
			try {
				return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
					prepare: true
				})) as unknown as T[];
			} catch (e) {
				throw new DbError(`querying ${firstLine(text)}`, e);
			}
		},
		async exec(text: string) {
			try {
				// No parameters: the simple protocol, so several statements may run at once.
				await sql.unsafe(text).simple();
			} catch (e) {
				throw new DbError(`executing ${firstLine(text)}`, e);
			}
		}
	};
}

export const POSTGIS_HELP =
	'PostGIS is not installed on this PostgreSQL server. Install it (Debian/Ubuntu: ' +
	'`apt-get install postgresql-15-postgis-3`, matching your server version) and either let the app ' +
	'run `CREATE EXTENSION postgis` (needs a role allowed to) or run it once as a superuser.';

export async function openPostgres(opts: PostgresOptions): Promise<Db & { sql: postgres.Sql }> {
	const sql = postgres(opts.url, {
		max: opts.max,
		onnotice: () => {},
		// Same JS types as PGlite: int8 and numeric as numbers (counts and sums fit in a double).
		types: {
			bigint: {
				to: 20,
				from: [20],
				serialize: (x: number) => String(x),
				parse: (x: string) => Number(x)
			},
			numeric: {
				to: 1700,
				from: [1700],
				serialize: (x: number) => String(x),
				parse: (x: string) => Number(x)
			},
			// Like PGlite: a string parameter for a json/jsonb column is taken as JSON text already.
			json: {
				to: 114,
				from: [114],
				serialize: jsonText,
				parse: (x: string) => JSON.parse(x) as unknown
			},
			jsonb: {
				to: 3802,
				from: [3802],
				serialize: jsonText,
				parse: (x: string) => JSON.parse(x) as unknown
			}
		},
		connection: { statement_timeout: opts.statementTimeoutMs, application_name: 'jiedao' }
	});
	try {
		const [ext] = await sql`SELECT extversion FROM pg_extension WHERE extname = 'postgis'`;
		if (!ext) {
			const [avail] = await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`;
			if (!avail) throw new Error(POSTGIS_HELP);
			try {
				await sql`CREATE EXTENSION IF NOT EXISTS postgis`;
			} catch (e) {
				throw new Error(`${POSTGIS_HELP} (CREATE EXTENSION failed: ${(e as Error).message})`, {
					cause: e
				});
			}
		}
	} catch (e) {
		await sql.end({ timeout: 1 });
		throw new DbError(`connecting to PostgreSQL`, e);
	}
	const base = wrap(sql);
	return {
		...base,
		sql,
		async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
			return (await sql.begin((tx) => fn(wrap(tx)))) as T;
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
