// `npm run db:seed -- [--scale N] [--seed S] [--population P] [--reset]`: generate the Lixia demo
// district into the configured database (DATABASE_URL, else PGlite at PGLITE_DATA_DIR).
// Refuses to seed over existing data unless --reset, which empties every data table first, in
// the same transaction as the seed: a failed seed leaves the old data as it was.
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { migrate } from '../src/lib/server/db/migrate';
import { seedInto, validateOptions } from '../src/lib/server/seed/generate';
import { sql } from '../src/lib/server/sql';

const USAGE = `Usage: npm run db:seed -- [--scale N] [--seed S] [--population P] [--days D] [--reset]
  --scale N       size: 1 ≈ 20,000 incidents, 500 sensors, 285,000 readings (default SEED_SCALE or 1)
  --seed S        PRNG seed, an integer ≥ 0; the same seed and scale give the same content (default SEED)
  --population P  total residents (default 750000)
  --days D        days of incident history ending now (default 90)
  --reset         empty all data tables first (otherwise a non-empty database is refused)`;

class UsageError extends Error {}

interface Args {
	scale?: number;
	seed?: number;
	population?: number;
	days?: number;
	reset: boolean;
}

function parseArgs(argv: readonly string[]): Args {
	const args: Args = { reset: false };
	const numeric = (name: string, raw: string | undefined, integer: boolean): number => {
		if (raw === undefined || raw.startsWith('--')) throw new UsageError(`--${name} needs a value`);
		const v = Number(raw);
		if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
			throw new UsageError(
				`--${name} must be ${integer ? 'an integer' : 'a number'}, got '${raw}'`
			);
		}
		return v;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--scale':
				args.scale = numeric('scale', value(), false);
				break;
			case '--seed':
				args.seed = numeric('seed', value(), true);
				break;
			case '--population':
				args.population = numeric('population', value(), true);
				break;
			case '--days':
				args.days = numeric('days', value(), true);
				break;
			case '--reset':
				if (inline !== undefined) throw new UsageError('--reset takes no value');
				args.reset = true;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new UsageError(`Unknown argument '${arg}'`);
		}
	}
	return args;
}

async function main(): Promise<void> {
	let args: Args;
	let options: ReturnType<typeof validateOptions>;
	let config: ReturnType<typeof loadConfig>;
	try {
		config = loadConfig();
		args = parseArgs(process.argv.slice(2));
		options = validateOptions({
			scale: args.scale ?? config.SEED_SCALE,
			seed: args.seed ?? config.SEED,
			population: args.population,
			days: args.days
		});
	} catch (e) {
		if (e instanceof UsageError || e instanceof RangeError || e instanceof ConfigError) {
			console.error(`${e.message}\n\n${USAGE}`);
			process.exit(2);
		}
		throw e;
	}

	const t0 = performance.now();
	const db = await openDb(config);
	const where = config.DATABASE_URL ? 'PostgreSQL' : `PGlite at ${config.PGLITE_DATA_DIR}`;
	console.log(`Opened ${where} in ${Math.round(performance.now() - t0)} ms`);
	try {
		const applied = await migrate(db);
		if (applied.length) console.log(`Applied ${applied.length} migration(s)`);
		console.log(
			`Seeding: scale ${options.scale}, seed ${options.seed}, population ${options.population}, ` +
				`${options.days} days to ${options.now.toISOString()}`
		);
		const summary = await db.transaction(async (tx) => {
			if (args.reset) {
				await tx.query(sql('seed/reset'));
				console.log('reset: all data tables emptied');
			} else {
				const [counts] = await tx.query<Record<string, number>>(sql('seed/data_counts'));
				const present = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
				if (present.length) {
					throw new UsageError(
						`The database already holds data (${present.map(([k, n]) => `${k}: ${n}`).join(', ')}). ` +
							'Run with --reset to replace it.'
					);
				}
			}
			return seedInto(tx, {
				...options,
				onProgress: (step, detail) => {
					const { ms, ...rest } = detail ?? {};
					console.log(
						`${step.padEnd(15)} ${String(ms ?? '').padStart(7)} ms  ${JSON.stringify(rest)}`
					);
				}
			});
		});
		console.log(
			`Seeded in ${(summary.ms / 1000).toFixed(1)} s (total ${((performance.now() - t0) / 1000).toFixed(1)} s)`
		);
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(e.message);
			process.exitCode = 2;
		} else {
			console.error(`Seeding failed, nothing was written: ${(e as Error).message}`);
			process.exitCode = 1;
		}
	} finally {
		await db.close();
	}
}

await main();
