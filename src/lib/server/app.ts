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
import { assertSafeDbRole, ensureFirstAdmin } from './auth/bootstrap';
import { withSystemRole } from './auth/rls';
import { createDemoUsers } from './auth/demo-users';
import { createDemoIngestKey } from './sensors/demo-key';
import { registerOpen311Key } from './open311/service';
import { startSensorJobs } from './sensors/jobs';

export interface AppContext {
	config: Config;
	db: Db;
}

export async function startApp(
	env: Record<string, string | undefined> = process.env
): Promise<AppContext> {
	const config = loadConfig(env);
	setLogLevel(config.LOG_LEVEL);
	preloadSql();
	const t0 = Date.now();
	const db = await openDb(config);
	log.info('database open', { engine: db.engine, ms: Date.now() - t0 });
	try {
		// A superuser or BYPASSRLS role would skip row-level security: refuse before touching data.
		await assertSafeDbRole(db, config);
		const applied = await migrate(db);
		if (applied.length) log.info('migrations applied', { versions: applied.map((m) => m.version) });
		if (config.SEED_ON_EMPTY && (await isEmpty(db))) {
			log.info('empty database: seeding the Lixia demo', {
				scale: config.SEED_SCALE,
				seed: config.SEED
			});
			// The seed writes personal data: its transactions run as 'system' for row-level security.
			await seedDemo(withSystemRole(db), {
				scale: config.SEED_SCALE,
				seed: config.SEED,
				...(config.SEED_NOW ? { now: config.SEED_NOW } : {}),
				onProgress: (step, detail) => log.info(`seed: ${step}`, detail)
			});
			// Demo accounts only when DEMO_PASSWORD is set on this first seed (issue 7, README).
			if (config.DEMO_PASSWORD) {
				const users = await createDemoUsers(db, config.DEMO_PASSWORD);
				log.info('demo accounts created', { count: users.length });
			}
			if (config.INGEST_DEMO_KEY) {
				await createDemoIngestKey(db, config.INGEST_DEMO_KEY);
				log.info('demo ingestion key created');
			}
			if (config.OPEN311_DEMO_KEY) {
				await registerOpen311Key(db, config.OPEN311_DEMO_KEY, 'demo client');
				log.info('demo Open311 API key created');
			}
		}
		await ensureFirstAdmin(db, config);
	} catch (e) {
		await db.close();
		throw e;
	}
	// The MQTT subscriber and the sensor sweep; stopped before hooks.server.ts closes the database
	// (this listener is registered first).
	const sensors = startSensorJobs(db, config);
	process.once('sveltekit:shutdown' as 'exit', () => void sensors.stop());
	return { config, db };
}
