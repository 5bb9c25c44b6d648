/**
 * Checks a location problem and reduces it to what the greedy heuristics and the LP builders
 * need; also evaluates any set of open columns exactly on the original data.
 */
import type { LocationProblem } from './types';

/** A (merged) coverage row: the free columns that cover it and the demand it stands for. */
export interface CoverRow {
	cols: number[];
	weight: number;
	/** Original rows merged into this one (rows with the same covering set). */
	rows: number;
}

/** Coverage view of an MCLP/LSCP problem. */
export interface CoverView {
	/** Rows not covered by a fixed facility but coverable by some free candidate, merged. */
	rows: CoverRow[];
	/** Demand already covered by fixed facilities. */
	fixedCovered: number;
	/** Demand that no candidate covers. */
	uncoverable: number;
}

/** A p-median row: the free columns worth assigning to, with their costs. */
export interface MedianRow {
	cols: number[];
	costs: number[];
	/** Distance to the nearest fixed facility; Infinity when none is fixed. */
	fixedCost: number;
	weight: number;
}

/** p-median view: rows that still have a choice, plus the cost of those that do not. */
export interface MedianView {
	rows: MedianRow[];
	/** Σ demand × distance for rows whose nearest fixed facility beats every free candidate. */
	constant: number;
}

/** A checked problem with derived data. */
export interface Prepared {
	problem: LocationProblem;
	n: number;
	m: number;
	p: number;
	fixed: number[];
	/** Candidate columns that are not fixed, ascending. */
	free: number[];
	totalDemand: number;
	/** Target demand for LSCP with `target`, else null. */
	targetDemand: number | null;
	integralDemand: boolean;
}

/**
 * Checks a problem (throwing a RangeError that names the field) and derives the common data.
 *
 * @param problem - the location problem
 * @returns the prepared problem
 * @example
 * prepare({ model: 'mclp', costs: [[100]], demand: [5], radius: 500, p: 1 }).free; // [0]
 */
export function prepare(problem: LocationProblem): Prepared {
	const { costs, demand, model } = problem;
	const n = costs.length;
	if (n === 0) throw new RangeError('costs: needs at least one demand row');
	const m = costs[0]!.length;
	if (m === 0) throw new RangeError('costs: needs at least one candidate column');
	costs.forEach((row, i) => {
		if (row.length !== m) {
			throw new RangeError(`costs[${i}]: has ${row.length} entries, expected ${m}`);
		}
		row.forEach((c, j) => {
			if (!(c >= 0) || !Number.isFinite(c)) {
				throw new RangeError(`costs[${i}][${j}]: must be a finite number >= 0, got ${c}`);
			}
		});
	});
	if (demand.length !== n) {
		throw new RangeError(`demand: has ${demand.length} entries, expected ${n} (one per row)`);
	}
	let totalDemand = 0;
	let integralDemand = true;
	demand.forEach((d, i) => {
		if (!(d >= 0) || !Number.isFinite(d)) {
			throw new RangeError(`demand[${i}]: must be a finite number >= 0, got ${d}`);
		}
		totalDemand += d;
		if (!Number.isInteger(d)) integralDemand = false;
	});
	const fixed = [...new Set(problem.fixed ?? [])].sort((a, b) => a - b);
	for (const j of fixed) {
		if (!Number.isInteger(j) || j < 0 || j >= m) {
			throw new RangeError(`fixed: column ${j} is not a candidate index in [0, ${m - 1}]`);
		}
	}
	const isFixed = new Set(fixed);
	const free = [...Array(m).keys()].filter((j) => !isFixed.has(j));
	if (model !== 'pmedian' || problem.radius !== undefined) {
		const r = problem.radius;
		if (r === undefined || !(r >= 0) || !Number.isFinite(r)) {
			throw new RangeError(`radius: must be a finite number >= 0, got ${r}`);
		}
	}
	let p = 0;
	if (model === 'mclp' || model === 'pmedian') {
		p = problem.p ?? NaN;
		if (!Number.isInteger(p) || p < 0 || p > free.length) {
			throw new RangeError(
				`p: must be a whole number from 0 to ${free.length} (candidates that are not fixed), got ${problem.p}`
			);
		}
		if (model === 'pmedian' && p + fixed.length === 0) {
			throw new RangeError('p: p-median needs p >= 1 when no facility is fixed');
		}
	}
	let targetDemand: number | null = null;
	if (model === 'lscp' && problem.target !== undefined) {
		const t = problem.target;
		if (!(t > 0 && t <= 1)) throw new RangeError(`target: must be in (0, 1], got ${t}`);
		targetDemand = t * totalDemand;
	}
	return { problem, n, m, p, fixed, free, totalDemand, targetDemand, integralDemand };
}

/**
 * The coverage view: rows with demand, minus those covered by fixed facilities, merged by their
 * covering sets (identical rows become one with the summed demand — fewer LP rows).
 *
 * @param prep - the prepared problem (with a radius)
 * @returns merged rows and the demand covered by fixed facilities / by nobody
 * @example
 * coverView(prepare(problem)).rows.length;
 */
export function coverView(prep: Prepared): CoverView {
	const { costs, demand } = prep.problem;
	const r = prep.problem.radius ?? 0;
	const merged = new Map<string, CoverRow>();
	let fixedCovered = 0;
	let uncoverable = 0;
	for (let i = 0; i < prep.n; i++) {
		const w = demand[i]!;
		if (w <= 0) continue;
		const row = costs[i]!;
		if (prep.fixed.some((j) => row[j]! <= r)) {
			fixedCovered += w;
			continue;
		}
		const cols = prep.free.filter((j) => row[j]! <= r);
		if (cols.length === 0) {
			uncoverable += w;
			continue;
		}
		const key = cols.join(',');
		const have = merged.get(key);
		if (have) {
			have.weight += w;
			have.rows++;
		} else merged.set(key, { cols, weight: w, rows: 1 });
	}
	return { rows: [...merged.values()], fixedCovered, uncoverable };
}

/**
 * The p-median view. A row can only be served by a free column nearer than its nearest fixed
 * facility, and — with exactly p free columns open — by one of its (free − p + 1) nearest free
 * columns; all others are dropped. Rows left without a choice become a constant.
 *
 * @param prep - the prepared problem
 * @returns rows with their useful columns, and the constant part of the objective
 * @example
 * medianView(prepare(problem)).constant;
 */
export function medianView(prep: Prepared): MedianView {
	const { costs, demand } = prep.problem;
	const keep = prep.free.length - prep.p + 1;
	const rows: MedianRow[] = [];
	let constant = 0;
	for (let i = 0; i < prep.n; i++) {
		const w = demand[i]!;
		if (w <= 0) continue;
		const row = costs[i]!;
		let fixedCost = Infinity;
		for (const j of prep.fixed) fixedCost = Math.min(fixedCost, row[j]!);
		const cols =
			prep.p === 0
				? []
				: prep.free
						.filter((j) => row[j]! < fixedCost)
						.sort((a, b) => row[a]! - row[b]! || a - b)
						.slice(0, keep);
		if (cols.length === 0) {
			constant += w * fixedCost;
			continue;
		}
		rows.push({ cols, costs: cols.map((j) => row[j]!), fixedCost, weight: w });
	}
	return { rows, constant };
}

/** Exact figures of a set of open facilities on the original data. */
export interface Evaluation {
	/** The model's objective for `selected`. */
	objective: number;
	coveredDemand: number | null;
	uncoveredRows: number | null;
	meanDistance: number | null;
	/** Whether the selection satisfies the model's constraints. */
	feasible: boolean;
}

/**
 * Evaluates newly selected columns (plus the fixed ones) on the original cost matrix.
 *
 * @param prep - the prepared problem
 * @param selected - newly opened columns
 * @returns objective, coverage figures and feasibility
 * @example
 * evaluate(prep, [1, 7]).objective;
 */
export function evaluate(prep: Prepared, selected: readonly number[]): Evaluation {
	const { costs, demand, model, radius } = prep.problem;
	const open = [...prep.fixed, ...selected];
	let covered = 0;
	let uncoveredRows = 0;
	let coverableMissed = 0;
	let weighted = 0;
	for (let i = 0; i < prep.n; i++) {
		const row = costs[i]!;
		const w = demand[i]!;
		let best = Infinity;
		for (const j of open) best = Math.min(best, row[j]!);
		weighted += w * best;
		if (radius === undefined) continue;
		if (best <= radius) covered += w;
		else if (w > 0) {
			uncoveredRows++;
			if (prep.free.some((j) => row[j]! <= radius)) coverableMissed++;
		}
	}
	const hasRadius = radius !== undefined;
	let objective: number;
	let feasible = true;
	if (model === 'mclp') {
		objective = covered;
		feasible = selected.length === prep.p;
	} else if (model === 'lscp') {
		objective = selected.length;
		feasible =
			prep.targetDemand === null
				? coverableMissed === 0
				: covered >= prep.targetDemand - 1e-9 * Math.max(1, prep.totalDemand);
	} else {
		objective = weighted;
		feasible = selected.length === prep.p;
	}
	return {
		objective,
		coveredDemand: hasRadius ? covered : null,
		uncoveredRows: hasRadius ? uncoveredRows : null,
		meanDistance: open.length > 0 && prep.totalDemand > 0 ? weighted / prep.totalDemand : null,
		feasible
	};
}
