/**
 * Service points (fixed count, whatever the scale): meal-service points placed unevenly —
 * clustered in a few subdistricts, absent from others — so that real 500 m deserts exist; day
 * care, clinics, one community service station per community, police posts.
 */
import { randomPointsInCells, type Cell } from './cells';
import { q, type SeedContext } from './context';
import { km } from './density';
import { rng, type Rng } from './prng';

export interface AreaName {
	code: string;
	level: string;
	parent_code: string;
	name: string;
	name_en: string;
}

interface PlannedPoint {
	type: 'meal' | 'daycare' | 'clinic' | 'station' | 'police';
	name: string;
	nameEn: string;
	address: string;
	capacity: number | null;
	status: 'active' | 'planned';
	cell: Cell;
}

const shortZh = (name: string) => name.replace(/(社区|街道)$/, '');
const shortEn = (name: string) => name.replace(/ (Community|Subdistrict)$/, '');

/** Draws up to k distinct items with probability proportional to weight (no replacement). */
function sampleWithout<T>(r: Rng, items: readonly T[], weight: (t: T) => number, k: number): T[] {
	const pool = [...items];
	const out: T[] = [];
	while (out.length < k && pool.length > 0) {
		const w = pool.map(weight);
		if (!(w.reduce((a, b) => a + b, 0) > 0)) break;
		const i = r.weightedIndex(w);
		out.push(pool[i]!);
		pool.splice(i, 1);
	}
	return out;
}

function pickCell(r: Rng, cells: readonly Cell[], weight: (c: Cell) => number): Cell {
	const w = cells.map(weight);
	if (w.reduce((a, b) => a + b, 0) > 0) return cells[r.weightedIndex(w)]!;
	return r.pick(cells);
}

export function planServicePoints(
	r: Rng,
	cells: readonly Cell[],
	areas: readonly AreaName[]
): PlannedPoint[] {
	const subs = areas.filter((a) => a.level === 'subdistrict');
	const comms = areas.filter((a) => a.level === 'community');
	const byCode = new Map(areas.map((a) => [a.code, a]));
	const cellsOf = new Map<string, Cell[]>();
	for (const c of cells) {
		for (const key of [c.communityCode, c.subdistrictCode]) {
			const list = cellsOf.get(key) ?? [];
			list.push(c);
			cellsOf.set(key, list);
		}
	}
	const address = (c: Cell) =>
		`济南市历下区${byCode.get(c.subdistrictCode)?.name ?? ''}${byCode.get(c.communityCode)?.name ?? ''}${r.int(1, 199)}号`;
	const out: PlannedPoint[] = [];

	// Meal service: 4 subdistricts well served, 6 with a few points, 4 with none. Offices add
	// points where many elderly live, so older subdistricts tend to come first — but not always.
	const agedOf = (code: string) => (cellsOf.get(code) ?? []).reduce((s, c) => s + c.aged60, 0);
	const order = sampleWithout(r, subs, (s) => agedOf(s.code), subs.length);
	const perSub = [9, 9, 9, 9, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0];
	const mealCount = new Map<string, number>();
	order.forEach((s, k) => {
		const n = perSub[k] ?? 0;
		const sc = cellsOf.get(s.code) ?? [];
		if (n === 0 || sc.length === 0) return;
		const centres = [pickCell(r, sc, (c) => c.aged60), pickCell(r, sc, (c) => c.aged60)];
		for (let i = 0; i < n; i++) {
			const centre = r.pick(centres);
			const cell = pickCell(r, sc, (c) => {
				const d = km(c.lon, c.lat, centre.lon, centre.lat);
				return (c.aged60 + 1) * Math.exp(-(d * d) / (2 * 0.35 * 0.35));
			});
			const comm = byCode.get(cell.communityCode);
			const seen = (mealCount.get(cell.communityCode) ?? 0) + 1;
			mealCount.set(cell.communityCode, seen);
			const zh = shortZh(comm?.name ?? '');
			const en = shortEn(comm?.name_en ?? '');
			out.push({
				type: 'meal',
				name: seen === 1 ? `${zh}长者食堂` : `${zh}第${seen}助餐点`,
				nameEn: seen === 1 ? `${en} Seniors' Canteen` : `${en} Meal Point ${seen}`,
				address: address(cell),
				capacity: r.int(4, 30) * 10,
				status: r.chance(0.12) ? 'planned' : 'active',
				cell
			});
		}
	});

	const residentsOf = (code: string) =>
		(cellsOf.get(code) ?? []).reduce((s, c) => s + c.residents, 0);

	// Elderly day care: about 30, in the oldest communities, one each.
	for (const comm of sampleWithout(r, comms, (a) => agedOf(a.code) ** 1.5, 30)) {
		const cell = pickCell(r, cellsOf.get(comm.code) ?? [], (c) => c.aged60);
		out.push({
			type: 'daycare',
			name: `${shortZh(comm.name)}日间照料中心`,
			nameEn: `${shortEn(comm.name_en)} Day Care Centre`,
			address: address(cell),
			capacity: r.int(2, 8) * 10,
			status: r.chance(0.08) ? 'planned' : 'active',
			cell
		});
	}

	// Clinics: 15 community health stations where most people live.
	for (const comm of sampleWithout(r, comms, (a) => residentsOf(a.code), 15)) {
		const cell = pickCell(r, cellsOf.get(comm.code) ?? [], (c) => c.residents);
		out.push({
			type: 'clinic',
			name: `${shortZh(comm.name)}社区卫生服务站`,
			nameEn: `${shortEn(comm.name_en)} Community Health Station`,
			address: address(cell),
			capacity: r.int(10, 40) * 10,
			status: 'active',
			cell
		});
	}

	// Exactly one community service station per community, inside it.
	for (const comm of comms) {
		const cell = pickCell(r, cellsOf.get(comm.code) ?? [], (c) => c.residents);
		out.push({
			type: 'station',
			name: `${comm.name}党群服务中心`,
			nameEn: `${comm.name_en} Party and Public Service Centre`,
			address: address(cell),
			capacity: null,
			status: 'active',
			cell
		});
	}

	// Police: a station per subdistrict, plus community police offices in the busiest places.
	for (const s of subs) {
		const cell = pickCell(r, cellsOf.get(s.code) ?? [], (c) => c.residents);
		out.push({
			type: 'police',
			name: `${shortZh(s.name)}派出所`,
			nameEn: `${shortEn(s.name_en)} Police Station`,
			address: address(cell),
			capacity: null,
			status: 'active',
			cell
		});
	}
	for (const comm of sampleWithout(r, comms, (a) => residentsOf(a.code) ** 2, r.int(2, 5))) {
		const cell = pickCell(r, cellsOf.get(comm.code) ?? [], (c) => c.residents);
		out.push({
			type: 'police',
			name: `${shortZh(comm.name)}警务室`,
			nameEn: `${shortEn(comm.name_en)} Police Office`,
			address: address(cell),
			capacity: null,
			status: 'active',
			cell
		});
	}
	return out;
}

export async function seedServicePoints(
	ctx: SeedContext,
	cells: readonly Cell[],
	areas: readonly AreaName[]
): Promise<Record<string, number>> {
	const r = rng(ctx.seed, 'service-points');
	const plan = planServicePoints(r, cells, areas);
	const pts = await randomPointsInCells(
		ctx,
		r,
		plan.map((p) => p.cell)
	);
	const rows = await q<{ id: number; type: string; community_code: string | null }>(
		ctx,
		'insert_service_points',
		[
			plan.map((p) => p.type),
			plan.map((p) => p.name),
			plan.map((p) => p.nameEn),
			plan.map((p) => p.address),
			plan.map((p) => p.capacity),
			plan.map((p) => p.status),
			pts.lon,
			pts.lat,
			ctx.now.getTime() / 1000
		]
	);
	if (rows.length !== plan.length)
		throw new Error(`service points: inserted ${rows.length} of ${plan.length}`);
	const counts: Record<string, number> = {};
	for (const p of plan) counts[p.type] = (counts[p.type] ?? 0) + 1;
	counts.planned = plan.filter((p) => p.status === 'planned').length;
	return counts;
}
