/**
 * CPLEX LP text for the three models, for HiGHS.
 *
 * Variables: `y<j>` = 1 if candidate column j opens (binary; fixed columns are not variables,
 * their effect is folded into the data); `z<r>` ∈ [0, 1] = merged row r is covered (continuous:
 * with binary y an optimum always has integral z); `x<r>_<j>` ∈ [0, 1] = share of p-median row r
 * served by column j, `f<r>` = share served by its nearest fixed facility.
 * Objective constants (demand covered by fixed facilities, rows with no choice) are left out
 * and added back by the caller as `offset`.
 */
import { coverView, medianView, type Prepared } from './prepare';

/** An LP model as text, split so that the relaxation is the same text without `binaries`. */
export interface LpText {
	/** Objective and constraints. */
	body: string;
	/** The `Binaries` section. */
	binaries: string;
	/** Names of the y variables, one per free column, in `prep.free` order. */
	yNames: string[];
	/** Objective constant not in the LP. */
	offset: number;
	/** 'max' for MCLP, 'min' otherwise. */
	sense: 'max' | 'min';
}

/**
 * The full MIP text.
 *
 * @param lp - the model
 * @returns LP text with integrality
 * @example
 * highs.solve(lpString(buildLp(prep)));
 */
export function lpString(lp: LpText): string {
	return `${lp.body}${lp.binaries}End\n`;
}

/**
 * The LP relaxation text (no integrality): its optimum bounds the MIP's.
 *
 * @param lp - the model
 * @returns LP text without the Binaries section
 * @example
 * highs.solve(relaxationString(buildLp(prep)));
 */
export function relaxationString(lp: LpText): string {
	return `${lp.body}End\n`;
}

/**
 * Builds the LP for the problem's model.
 *
 * @param prep - the prepared problem
 * @returns the LP text parts
 * @example
 * const lp = buildLp(prepare({ model: 'mclp', costs, demand, radius: 5000, p: 4 }));
 */
export function buildLp(prep: Prepared): LpText {
	const model = prep.problem.model;
	if (model === 'mclp') return mclpLp(prep);
	if (model === 'lscp') return lscpLp(prep);
	return pmedianLp(prep);
}

/** Writes `a x + b y + …` over several lines (LP readers may limit line length). */
class Terms {
	private readonly parts: string[] = [];

	add(coef: number, name: string): void {
		if (coef === 0) return;
		const sign = coef < 0 ? '-' : '+';
		const abs = Math.abs(coef);
		const term = abs === 1 ? name : `${num(abs)} ${name}`;
		this.parts.push(this.parts.length === 0 && sign === '+' ? term : `${sign} ${term}`);
	}

	get empty(): boolean {
		return this.parts.length === 0;
	}

	toString(): string {
		const lines: string[] = [];
		for (let k = 0; k < this.parts.length; k += 12)
			lines.push(this.parts.slice(k, k + 12).join(' '));
		return lines.join('\n   ');
	}
}

function num(x: number): string {
	return Number.isInteger(x) && Math.abs(x) < 1e15 ? x.toFixed(0) : String(x);
}

function yName(j: number): string {
	return `y${j}`;
}

function binaries(prep: Prepared): string {
	if (prep.free.length === 0) return '';
	const names = prep.free.map(yName);
	const lines: string[] = [];
	for (let k = 0; k < names.length; k += 20) lines.push(' ' + names.slice(k, k + 20).join(' '));
	return `Binaries\n${lines.join('\n')}\n`;
}

function cardinality(prep: Prepared, p: number): string {
	const t = new Terms();
	for (const j of prep.free) t.add(1, yName(j));
	return ` card: ${t.toString()} = ${p}\n`;
}

/** An objective line; LP needs at least one term, so an empty one becomes `0 y<first>`. */
function objective(prep: Prepared, sense: 'Maximize' | 'Minimize', t: Terms): string {
	const text = t.empty ? `0 ${yName(prep.free[0] ?? 0)}` : t.toString();
	return `${sense}\n obj: ${text}\nSubject To\n`;
}

function mclpLp(prep: Prepared): LpText {
	const view = coverView(prep);
	const obj = new Terms();
	const cons: string[] = [];
	const bounds: string[] = [];
	view.rows.forEach((row, r) => {
		obj.add(row.weight, `z${r}`);
		const t = new Terms();
		t.add(1, `z${r}`);
		for (const j of row.cols) t.add(-1, yName(j));
		cons.push(` c${r}: ${t.toString()} <= 0\n`);
		bounds.push(` 0 <= z${r} <= 1\n`);
	});
	const body =
		objective(prep, 'Maximize', obj) +
		cons.join('') +
		cardinality(prep, prep.p) +
		(bounds.length > 0 ? `Bounds\n${bounds.join('')}` : '');
	return {
		body,
		binaries: binaries(prep),
		yNames: prep.free.map(yName),
		offset: view.fixedCovered,
		sense: 'max'
	};
}

function lscpLp(prep: Prepared): LpText {
	const view = coverView(prep);
	const obj = new Terms();
	for (const j of prep.free) obj.add(1, yName(j));
	const cons: string[] = [];
	const bounds: string[] = [];
	if (prep.targetDemand === null) {
		view.rows.forEach((row, r) => {
			const t = new Terms();
			for (const j of row.cols) t.add(1, yName(j));
			cons.push(` c${r}: ${t.toString()} >= 1\n`);
		});
	} else {
		const reach = new Terms();
		view.rows.forEach((row, r) => {
			reach.add(row.weight, `z${r}`);
			const t = new Terms();
			t.add(1, `z${r}`);
			for (const j of row.cols) t.add(-1, yName(j));
			cons.push(` c${r}: ${t.toString()} <= 0\n`);
			bounds.push(` 0 <= z${r} <= 1\n`);
		});
		const need = prep.targetDemand - view.fixedCovered - 1e-9 * Math.max(1, prep.totalDemand);
		if (!reach.empty && need > 0) cons.push(` target: ${reach.toString()} >= ${num(need)}\n`);
	}
	const body =
		objective(prep, 'Minimize', obj) +
		(cons.length > 0 ? cons.join('') : ` none: ${yName(prep.free[0] ?? 0)} >= 0\n`) +
		(bounds.length > 0 ? `Bounds\n${bounds.join('')}` : '');
	return { body, binaries: binaries(prep), yNames: prep.free.map(yName), offset: 0, sense: 'min' };
}

function pmedianLp(prep: Prepared): LpText {
	const view = medianView(prep);
	const obj = new Terms();
	const cons: string[] = [];
	view.rows.forEach((row, r) => {
		const assign = new Terms();
		row.cols.forEach((j, k) => {
			const x = `x${r}_${j}`;
			obj.add(row.weight * row.costs[k]!, x);
			assign.add(1, x);
			cons.push(` l${r}_${j}: ${x} - ${yName(j)} <= 0\n`);
		});
		if (Number.isFinite(row.fixedCost)) {
			obj.add(row.weight * row.fixedCost, `f${r}`);
			assign.add(1, `f${r}`);
		}
		cons.push(` a${r}: ${assign.toString()} = 1\n`);
	});
	const body = objective(prep, 'Minimize', obj) + cons.join('') + cardinality(prep, prep.p);
	return {
		body,
		binaries: binaries(prep),
		yNames: prep.free.map(yName),
		offset: view.constant,
		sense: 'min'
	};
}
