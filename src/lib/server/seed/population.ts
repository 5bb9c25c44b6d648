/**
 * Residents per grid cell: the requested total spread in proportion to area × density (less water
 * and parkland), rounded so it sums exactly; an ageing profile per neighbourhood; households;
 * and subdistrict staff at one per 500–800 residents.
 */
import type { Cell } from './cells';
import { chunked, q, type SeedContext } from './context';
import { baseAgedShare, density } from './density';
import { apportion, rng, type Rng } from './prng';

/** DOMAIN.md: elderly shares by area range from about 12 % to 30 %. */
export const AGED60_MIN = 0.12;
export const AGED60_MAX = 0.3;

export interface PopulationPlan {
	residents: number[];
	aged60: number[];
	aged80: number[];
	alone: number[];
	households: number[];
	/** Communities given an extra-old profile (old work-unit compounds). */
	ageingCommunities: string[];
}

/**
 * Plans the population of every cell (pure: no database).
 * @param cells in a fixed order (by id)
 * @param total residents in all (exact)
 */
export function planPopulation(cells: readonly Cell[], total: number, r: Rng): PopulationPlan {
	const weights = cells.map((c) => {
		const open = Math.min(1, c.waterShare + 0.85 * c.parkShare);
		const noise = Math.exp(r.normal(0, 0.35));
		return Math.max(0, c.areaM2 * density(c.lon, c.lat) * (1 - open) * noise);
	});
	const residents = apportion(total, weights);

	// Neighbourhood ageing: a per-community offset, and a few markedly old communities.
	const communities = [...new Set(cells.map((c) => c.communityCode))].sort();
	const offset = new Map(communities.map((code) => [code, r.normal(0, 0.025)]));
	const ageing = r.shuffle(communities).slice(0, Math.max(3, Math.round(communities.length / 16)));
	for (const code of ageing) offset.set(code, (offset.get(code) ?? 0) + r.uniform(0.06, 0.1));

	const aged60: number[] = [];
	const aged80: number[] = [];
	const alone: number[] = [];
	const households: number[] = [];
	cells.forEach((c, i) => {
		const n = residents[i] ?? 0;
		const share = clamp(
			baseAgedShare(c.lon, c.lat) + (offset.get(c.communityCode) ?? 0) + r.normal(0, 0.012),
			AGED60_MIN,
			AGED60_MAX
		);
		// Keep the integer share inside the bounds too where the cell is big enough to allow it.
		const lo = Math.ceil(n * AGED60_MIN);
		const hi = Math.floor(n * AGED60_MAX);
		let a60 = Math.round(n * share);
		if (lo <= hi) a60 = Math.min(hi, Math.max(lo, a60));
		a60 = Math.min(n, a60);
		const a80 = Math.round(a60 * r.uniform(0.15, 0.25));
		const al = Math.round(a60 * r.uniform(0.1, 0.2));
		const hh = n === 0 ? 0 : Math.max(1, Math.round((n / 2.6) * r.uniform(0.94, 1.06)));
		aged60.push(a60);
		aged80.push(a80);
		alone.push(al);
		households.push(hh);
	});
	return { residents, aged60, aged80, alone, households, ageingCommunities: ageing.sort() };
}

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}

/** Writes the plan to grid_cell (and back onto `cells`) and sets subdistrict staff counts. */
export async function seedPopulation(ctx: SeedContext, cells: Cell[]): Promise<PopulationPlan> {
	const r = rng(ctx.seed, 'population');
	const plan = planPopulation(cells, ctx.population, r);
	cells.forEach((c, i) => {
		c.residents = plan.residents[i] ?? 0;
		c.aged60 = plan.aged60[i] ?? 0;
		c.aged80 = plan.aged80[i] ?? 0;
		c.alone = plan.alone[i] ?? 0;
		c.households = plan.households[i] ?? 0;
	});
	await chunked(
		ctx,
		'update_cell_population',
		[cells.map((c) => c.id), plan.residents, plan.aged60, plan.aged80, plan.alone, plan.households],
		20_000
	);

	// Staff: one per 500–800 residents (DOMAIN.md), at least a skeleton crew of 20.
	const bySub = new Map<string, number>();
	for (const c of cells)
		bySub.set(c.subdistrictCode, (bySub.get(c.subdistrictCode) ?? 0) + c.residents);
	const subs = [...bySub.keys()].sort();
	const staff = subs.map((s) =>
		Math.max(20, Math.round((bySub.get(s) ?? 0) / r.uniform(500, 800)))
	);
	await q(ctx, 'update_staff_counts', [subs, staff]);
	return plan;
}
