/**
 * The PostgreSQL second wall (sql/migrations/00002_accounts_rls.sql): row-level security on the
 * tables with personal data reads the actor from transaction-local settings. Code that reads
 * personal data runs inside {@link withActor}; code that forgets reads nothing on PostgreSQL.
 * PGlite runs as a superuser, which bypasses row-level security: there the service checks are
 * the only wall.
 */
import type { Actor } from '../../domain/actor';
import type { Db, Queryable } from '../db';
import { sql } from '../sql';

/** The value of jiedao.scope for an actor: 'all' or comma-separated subdistrict codes. */
export function scopeSetting(actor: Actor): string {
	return actor.scope === 'all' ? 'all' : actor.scope.join(',');
}

/** Sets the actor for the rest of this transaction (set_config(..., true)). */
export async function setActor(tx: Queryable, actor: Actor): Promise<void> {
	await tx.query(sql('auth/set_actor'), [
		actor.role,
		scopeSetting(actor),
		actor.userId === null ? '' : String(actor.userId)
	]);
}

/** Runs fn in one transaction in which row-level security sees this actor. */
export function withActor<T>(db: Db, actor: Actor, fn: (tx: Queryable) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		await setActor(tx, actor);
		return fn(tx);
	});
}

const SYSTEM_SQL = "SELECT set_config('jiedao.role', 'system', true)";

/**
 * A Db whose transactions run as 'system' for row-level security: for the demo seed and
 * maintenance scripts, which write personal data (INSERT … RETURNING must pass the read policy).
 * Never hand this to request handling.
 */
export function withSystemRole(db: Db): Db {
	return {
		...db,
		transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
			return db.transaction(async (tx) => {
				await tx.query(SYSTEM_SQL);
				return fn(tx);
			});
		}
	};
}
