/**
 * Start-up: validate config, open the database once, run pending migrations, seed the demo into
 * an empty database. Used by hooks.server.ts init() and by the CLI scripts.
 */
import { loadConfig, type Config } from './config';
import { openDb, type Db } from './db';
import { migrate } from './db/migrate';
import { log, setLogLevel } from './log';
import { preloadSql } from './sql';
import { isEmpty, seedDemo } from './seed';

export interface AppContext {
	config: Config;
	db: Db;
}

export async function startApp(env: Record<string, string | undefined> = process.env): Promise<AppContext> {
	const config = loadConfig(env);
	setLogLevel(config.LOG_LEVEL);
	preloadSql();
	const t0 = Date.now();
	const db = await openDb(config);
	log.info('database open', { engine: db.engine, ms: Date.now() - t0 });
	try {
		const applied = await migrate(db);
		if (applied.length) log.info('migrations applied', { versions: applied.map((m) => m.version) });
		if (config.SEED_ON_EMPTY && (await isEmpty(db))) {
			log.info('empty database: seeding the Lixia demo', { scale: config.SEED_SCALE, seed: config.SEED });
			await seedDemo(db, {
				scale: config.SEED_SCALE,
				seed: config.SEED,
				onProgress: (step, detail) => log.info(`seed: ${step}`, detail)
			});
		}
	} catch (e) {
		await db.close();
		throw e;
	}
	return { config, db };
}
