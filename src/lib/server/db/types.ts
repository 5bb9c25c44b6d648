/**
 * The one database interface. Nothing above src/lib/server/db/ knows which engine is in use.
 * Values travel only as $1..$n parameters; SQL text comes from sql/ files, never from user input.
 */
export type Engine = 'pglite' | 'postgres';

export type Row = Record<string, unknown>;

export interface Queryable {
	readonly engine: Engine;
	/** One parameterised statement. */
	query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
	/** Several statements without parameters (migrations, seeds). */
	exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
	/** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** A database error with what was being attempted; keeps the SQLSTATE for HTTP mapping. */
export class DbError extends Error {
	readonly code: string | undefined;
	readonly constraint: string | undefined;
	constructor(attempt: string, cause: unknown) {
		const c = cause as {
			message?: string;
			code?: string;
			constraint?: string;
			constraint_name?: string;
		};
		super(`${attempt}: ${c?.message ?? String(cause)}`, { cause });
		this.name = 'DbError';
		this.code = c?.code;
		this.constraint = c?.constraint ?? c?.constraint_name;
	}
}
