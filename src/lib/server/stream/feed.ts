/**
 * Where change notices come from: LISTEN on the change_log trigger's channel (migration 00008).
 * PostgreSQL: the postgres client's listen() on its own connection, which reconnects by itself
 * (and calls back on each reconnect, so the hub can catch up on what it missed); two app
 * instances on one database hear each other. PGlite: pg.listen, in-process. One mechanism for both.
 */
import type { Db } from '../db';

export const CHANGE_CHANNEL = 'jiedao_change';

export interface ChangeSubscription {
	stop(): Promise<void>;
}

type PgliteListen = (
	channel: string,
	cb: (payload: string) => void
) => Promise<(() => Promise<void>) | undefined>;
interface PgliteLike {
	listen: PgliteListen;
}
interface PostgresLike {
	listen(
		channel: string,
		cb: (payload: string) => void,
		onlisten?: () => void
	): Promise<{ unlisten(): Promise<void> }>;
}

/**
 * Subscribes to change notices on the database behind `db`.
 * @param onNotice called with each payload ("min:max" change_log ids)
 * @param onListen called when listening starts and after every reconnect (catch up then)
 */
export async function subscribeChanges(
	db: Db,
	onNotice: (payload: string) => void,
	onListen: () => void
): Promise<ChangeSubscription> {
	// why: the Db interface hides the engine; its two drivers expose their clients as pg / sql.
	const handle = db as Db & { pg?: PgliteLike; sql?: PostgresLike };
	if (db.engine === 'pglite' && handle.pg) {
		const off = await handle.pg.listen(CHANGE_CHANNEL, onNotice);
		onListen();
		return {
			stop: async () => {
				await off?.();
			}
		};
	}
	if (db.engine === 'postgres' && handle.sql) {
		const l = await handle.sql.listen(CHANGE_CHANNEL, onNotice, onListen);
		return { stop: () => l.unlisten() };
	}
	throw new Error('this database handle cannot LISTEN (no pg or sql client)');
}
