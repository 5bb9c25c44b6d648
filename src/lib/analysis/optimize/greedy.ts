/**
 * Greedy heuristics: fast, always feasible answers that the exact solver must beat, and the
 * fallback when HiGHS is unavailable, fails or runs out of time. Ties go to the lowest column.
 */
import { coverView, type Prepared } from './prepare';

/**
 * Thrown when an LSCP target cannot be reached even with every candidate open.
 */
export class InfeasibleTargetError extends RangeError {
	constructor(reachable: number, wanted: number, total: number) {
		super(
			`target: unreachable; opening every candidate covers ${pct(reachable, total)} of demand, ` +
				`the target is ${pct(wanted, total)}`
		);
		this.name = 'InfeasibleTargetError';
	}
}

function pct(x: number, total: number): string {
	return `${((x / Math.max(total, 1e-300)) * 100).toFixed(2)} %`;
}

/**
 * Greedy MCLP: p times, open the column that covers the most still-uncovered demand.
 *
 * @param prep - the prepared MCLP problem
 * @returns the new columns, ascending
 * @example
 * greedyMclp(prepare({ model: 'mclp', costs, demand, radius: 500, p: 3 }));
 */
export function greedyMclp(prep: Prepared): number[] {
	const { rows } = coverView(prep);
	const gain = new Float64Array(prep.m);
	const rowsOf: number[][] = Array.from({ length: prep.m }, () => []);
	rows.forEach((row, r) => {
		for (const j of row.cols) {
			gain[j]! += row.weight;
			rowsOf[j]!.push(r);
		}
	});
	const done = new Uint8Array(rows.length);
	const chosen = new Set<number>();
	for (let step = 0; step < prep.p; step++) {
		let best = -1;
		for (const j of prep.free) {
			if (!chosen.has(j) && (best < 0 || gain[j]! > gain[best]!)) best = j;
		}
		chosen.add(best);
		for (const r of rowsOf[best]!) {
			if (done[r]) continue;
			done[r] = 1;
			const row = rows[r]!;
			for (const j of row.cols) gain[j]! -= row.weight;
		}
	}
	return [...chosen].sort((a, b) => a - b);
}

/**
 * Greedy LSCP: open the column covering the most uncovered rows (or, with a target, the most
 * uncovered demand) until done, then close any column that became redundant.
 *
 * @param prep - the prepared LSCP problem
 * @returns the new columns, ascending
 * @throws InfeasibleTargetError when the target cannot be reached
 * @example
 * greedyLscp(prepare({ model: 'lscp', costs, demand, radius: 500 })).length;
 */
export function greedyLscp(prep: Prepared): number[] {
	const view = coverView(prep);
	const { rows } = view;
	const byDemand = prep.targetDemand !== null;
	const score = (row: (typeof rows)[number]): number => (byDemand ? row.weight : row.rows);
	const need =
		prep.targetDemand === null
			? Infinity
			: prep.targetDemand - view.fixedCovered - 1e-9 * Math.max(1, prep.totalDemand);
	if (byDemand) {
		const reachable = rows.reduce((s, r) => s + r.weight, 0);
		if (reachable < need) {
			throw new InfeasibleTargetError(
				reachable + view.fixedCovered,
				prep.targetDemand!,
				prep.totalDemand
			);
		}
	}
	const gain = new Float64Array(prep.m);
	const rowsOf: number[][] = Array.from({ length: prep.m }, () => []);
	rows.forEach((row, r) => {
		for (const j of row.cols) {
			gain[j]! += score(row);
			rowsOf[j]!.push(r);
		}
	});
	const count = new Int32Array(rows.length);
	const order: number[] = [];
	let coveredRows = 0;
	let covered = 0;
	while (byDemand ? covered < need : coveredRows < rows.length) {
		let best = -1;
		for (const j of prep.free) if (gain[j]! > 0 && (best < 0 || gain[j]! > gain[best]!)) best = j;
		if (best < 0) break;
		order.push(best);
		for (const r of rowsOf[best]!) {
			if (count[r]!++ > 0) continue;
			const row = rows[r]!;
			coveredRows++;
			covered += row.weight;
			for (const j of row.cols) gain[j]! -= score(row);
		}
	}
	// Redundancy pass, last opened first: drop a column if everything still holds without it.
	const open = new Set(order);
	for (const j of [...order].reverse()) {
		let loss = 0;
		let orphan = false;
		for (const r of rowsOf[j]!) {
			if (count[r] === 1) {
				orphan = true;
				loss += rows[r]!.weight;
			}
		}
		if (byDemand ? covered - loss < need : orphan) continue;
		open.delete(j);
		covered -= loss;
		for (const r of rowsOf[j]!) count[r]!--;
	}
	return [...open].sort((a, b) => a - b);
}

/**
 * Greedy p-median: p times, open the column that lowers Σ demand × distance the most.
 *
 * @param prep - the prepared p-median problem
 * @returns the new columns, ascending
 * @example
 * greedyPmedian(prepare({ model: 'pmedian', costs, demand, p: 4 }));
 */
export function greedyPmedian(prep: Prepared): number[] {
	const { costs, demand } = prep.problem;
	const live = [...Array(prep.n).keys()].filter((i) => demand[i]! > 0);
	const cur = new Float64Array(prep.n).fill(Infinity);
	for (const i of live) for (const j of prep.fixed) cur[i] = Math.min(cur[i]!, costs[i]![j]!);
	const chosen = new Set<number>();
	for (let step = 0; step < prep.p; step++) {
		let best = -1;
		let bestTotal = Infinity;
		for (const j of prep.free) {
			if (chosen.has(j)) continue;
			let total = 0;
			for (const i of live) total += demand[i]! * Math.min(cur[i]!, costs[i]![j]!);
			if (best < 0 || total < bestTotal) {
				best = j;
				bestTotal = total;
			}
		}
		chosen.add(best);
		for (const i of live) cur[i] = Math.min(cur[i]!, costs[i]![best]!);
	}
	return [...chosen].sort((a, b) => a - b);
}

/**
 * The greedy heuristic for the problem's model.
 *
 * @param prep - the prepared problem
 * @returns the new columns, ascending
 * @example
 * greedy(prepare(problem));
 */
export function greedy(prep: Prepared): number[] {
	const model = prep.problem.model;
	if (model === 'mclp') return greedyMclp(prep);
	if (model === 'lscp') return greedyLscp(prep);
	return greedyPmedian(prep);
}
