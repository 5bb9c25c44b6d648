/**
 * seedDemo: the generated Lixia district, deterministic for a given seed, scale and `now`, in one
 * transaction (a failed seed leaves nothing behind). Geometry is computed in PostGIS (sql/queries/
 * seed/*.sql); people, cases and readings are generated here from a seeded PRNG and bulk-loaded.
 */
import type { Db, Queryable } from '../db';
import { seedBoundary, seedCommunities, seedGrid, seedSubdistricts } from './admin';
import { seedBasemap } from './basemap';
import { loadCells } from './cells';
import { q, since, type SeedContext } from './context';
import { seedIncidents, simEnv } from './incidents';
import type { SeedOptions } from './index';
import { seedPopulation } from './population';
import { seedReference } from './reference';
import { seedSensors } from './sensors';
import { seedServicePoints, type AreaName } from './services';

export interface SeedSummary {
	ms: number;
	steps: { step: string; ms: number; detail: Record<string, unknown> }[];
}

const HOUR = 3_600_000;

/** The default end of the history: the current time truncated to the hour. */
export function defaultNow(): Date {
	const t = new Date();
	return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
}

/** Checks the options; throws a RangeError naming the bad one. */
export function validateOptions(opts: SeedOptions): Required<Omit<SeedOptions, 'onProgress'>> {
	const { scale, seed } = opts;
	if (!Number.isFinite(scale) || scale <= 0 || scale > 100) {
		throw new RangeError(`scale must be a number in (0, 100], got ${scale}`);
	}
	if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
		throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
	}
	const population = opts.population ?? 750_000;
	if (!Number.isInteger(population) || population < 1_000 || population > 20_000_000) {
		throw new RangeError(`population must be an integer in [1000, 20000000], got ${population}`);
	}
	const days = opts.days ?? 90;
	if (!Number.isInteger(days) || days < 1 || days > 730) {
		throw new RangeError(`days must be an integer in [1, 730], got ${days}`);
	}
	const now = opts.now ?? defaultNow();
	if (!Number.isFinite(now.getTime())) throw new RangeError('now is not a valid date');
	return { scale, seed, population, days, now };
}

/**
 * Seeds inside a transaction the caller already holds (the CLI resets and seeds in one).
 */
export async function seedInto(tx: Queryable, opts: SeedOptions): Promise<SeedSummary> {
	const o = validateOptions(opts);
	const t0 = performance.now();
	const steps: SeedSummary['steps'] = [];
	let lap = performance.now();
	const ctx: SeedContext = {
		tx,
		seed: o.seed,
		scale: o.scale,
		population: o.population,
		days: o.days,
		now: o.now
	};
	const done = (step: string, detail: Record<string, unknown>) => {
		const ms = since(lap);
		lap = performance.now();
		steps.push({ step, ms, detail });
		opts.onProgress?.(step, { ...detail, ms });
	};

	await q(ctx, 'act_as_system');
	const boundary = await seedBoundary(ctx);
	done('boundary', {
		repaired: boundary.repaired,
		reason: boundary.repaired ? boundary.reason : undefined,
		vertices: boundary.vertices,
		parts: boundary.parts,
		areaKm2: Math.round(boundary.areaKm2 * 100) / 100
	});

	const subs = await seedSubdistricts(ctx);
	done('subdistricts', { count: subs.length });
	const comms = await seedCommunities(ctx);
	done('communities', { count: comms.length });
	const gridCells = await seedGrid(ctx);
	done('grid', { cells: gridCells });

	const basemap = await seedBasemap(ctx);
	done('basemap', { features: basemap.length });

	const cells = await loadCells(ctx);
	const pop = await seedPopulation(ctx, cells);
	done('population', {
		residents: cells.reduce((s, c) => s + c.residents, 0),
		aged60: cells.reduce((s, c) => s + c.aged60, 0),
		aloneElderly: cells.reduce((s, c) => s + c.alone, 0),
		ageingCommunities: pop.ageingCommunities.length
	});

	const ref = await seedReference(ctx);
	done('reference', ref.counts);

	const areas = await q<AreaName & Record<string, unknown>>(ctx, 'area_names');
	const names = {
		community: new Map(areas.filter((a) => a.level === 'community').map((a) => [a.code, a.name])),
		subdistrict: new Map(
			areas.filter((a) => a.level === 'subdistrict').map((a) => [a.code, a.name])
		)
	};
	const services = await seedServicePoints(ctx, cells, areas);
	done('service points', services);

	const incidents = await seedIncidents(ctx, cells, names, ref.rules);
	done('incidents', incidents);

	const sensors = await seedSensors(
		ctx,
		cells,
		areas,
		basemap,
		ref.alertRuleIds,
		simEnv(ref.rules)
	);
	done('sensors', { ...sensors });

	await q(ctx, 'analyze');
	done('analyze', {});
	const ms = since(t0);
	return { ms, steps };
}

/** Seeds the demo into `db` in one transaction: all of it, or nothing if anything fails. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedSummary> {
	const summary = await db.transaction((tx) => seedInto(tx, opts));
	opts.onProgress?.('done', { ms: summary.ms });
	return summary;
}
