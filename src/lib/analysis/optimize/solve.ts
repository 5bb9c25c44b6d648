/**
 * Solves a location problem: greedy first (fast, always feasible), then exactly with HiGHS,
 * falling back to the greedy answer — and saying why — when HiGHS cannot be loaded, fails or
 * finds nothing better before the time limit. Cancellable between phases with an AbortSignal.
 */
import { greedy } from './greedy';
import {
	forgetHighs,
	getHighs,
	relaxationBound,
	runMip,
	type HighsSource,
	type MipOptions,
	type MipOutcome
} from './highs';
import { buildLp, lpString, relaxationString, type LpText } from './lp';
import { coverView, evaluate, prepare, type Prepared } from './prepare';
import type { LocationProblem, LocationResult, OptimizeProgress, SolveStatus } from './types';

/** Options for {@link solveLocation}. */
export interface SolveOptions extends HighsSource {
	/** HiGHS time limit in seconds (default 30). */
	timeLimitSeconds?: number;
	/** `'greedy'` skips HiGHS (a quick preview); default `'exact'`. */
	mode?: 'exact' | 'greedy';
	/** Relative MIP gap at which HiGHS may stop (default 0: prove optimality). */
	mipRelGap?: number;
	/**
	 * Longest LP text to hand to HiGHS. HiGHS parses LP text at only a few MB/s (outside its time
	 * limit), so the default is one million characters per second of time limit, between 2 and
	 * 32 million; larger models get the greedy answer.
	 */
	maxLpChars?: number;
	/** Checked between phases and at solver checkpoints; aborting rejects with its reason. */
	signal?: AbortSignal;
	/** Progress reports. */
	onProgress?: (progress: OptimizeProgress) => void;
	/**
	 * Runs the MIP somewhere else (e.g. a worker thread, so a server's event loop stays free);
	 * default: in this thread with the loaded HiGHS. It gets the same LP text and options.
	 */
	mipRunner?: (lp: string, options: MipOptions) => Promise<MipOutcome>;
}

/**
 * Solves an MCLP, LSCP or p-median problem on a cost matrix.
 *
 * @param problem - costs, demand, radius, p, fixed columns, target
 * @param options - time limit, HiGHS source, cancellation, progress
 * @returns selected columns, objective, status and gap
 * @example
 * const r = await solveLocation({ model: 'mclp', costs, demand, radius: 500, p: 3 });
 * r.selected; // e.g. [4, 17, 31]
 */
export async function solveLocation(
	problem: LocationProblem,
	options: SolveOptions = {}
): Promise<LocationResult> {
	const t0 = now();
	const { signal, onProgress } = options;
	const report = (p: Omit<OptimizeProgress, 'elapsedMs'>): void =>
		onProgress?.({ ...p, elapsedMs: now() - t0 });
	signal?.throwIfAborted();
	const limit = options.timeLimitSeconds;
	if (limit !== undefined && !(limit > 0 && Number.isFinite(limit))) {
		throw new RangeError(`timeLimitSeconds: must be a finite number > 0, got ${limit}`);
	}

	const prep = prepare(problem);
	report({ phase: 'greedy', message: 'greedy heuristic' });
	const greedySelected = greedy(prep);
	const greedyEval = evaluate(prep, greedySelected);
	const greedyMs = now() - t0;
	const base = {
		model: problem.model,
		totalDemand: prep.totalDemand,
		greedy: { selected: greedySelected, objective: greedyEval.objective }
	};
	const finish = (
		selected: number[],
		status: SolveStatus,
		bound: number | null,
		fallbackReason: string | null,
		exactMs: number | null
	): LocationResult => {
		const ev = evaluate(prep, selected);
		const gap = status === 'optimal' ? 0 : relativeGap(ev.objective, bound);
		const result: LocationResult = {
			...base,
			status,
			selected,
			objective: ev.objective,
			gap,
			bound: status === 'optimal' ? ev.objective : bound,
			coveredDemand: ev.coveredDemand,
			uncoveredRows: ev.uncoveredRows,
			meanDistance: ev.meanDistance,
			fallbackReason,
			timings: { greedyMs, exactMs, totalMs: now() - t0 }
		};
		report({
			phase: 'done',
			message: status,
			objective: result.objective,
			bound: result.bound,
			gap
		});
		return result;
	};
	report({
		phase: 'greedy',
		message: 'greedy done',
		objective: greedyEval.objective
	});
	signal?.throwIfAborted();

	if (options.mode === 'greedy') return finish(greedySelected, 'greedy', null, null, null);
	if (isTrivial(prep)) return finish(greedySelected, 'optimal', null, null, null);

	const tExact = now();
	let source: { highs: Parameters<typeof runMip>[0]; cached: boolean };
	try {
		source = await getHighs(options);
	} catch (error) {
		return finish(
			greedySelected,
			'greedy',
			null,
			`HiGHS could not be loaded: ${message(error)}`,
			null
		);
	}
	signal?.throwIfAborted();

	const timeLimit = options.timeLimitSeconds ?? 30;
	const lp = buildLp(prep);
	const text = lpString(lp);
	const maxChars =
		options.maxLpChars ?? Math.min(32_000_000, Math.max(2_000_000, timeLimit * 1_000_000));
	if (text.length > maxChars) {
		return finish(
			greedySelected,
			'greedy',
			null,
			`the model is too large for the exact solver (${text.length} characters of LP text, limit ${maxChars})`,
			now() - tExact
		);
	}
	report({ phase: 'exact', message: 'HiGHS', objective: greedyEval.objective });
	const toResult = (v: number | null): number | null => (v === null ? null : v + lp.offset);
	let outcome: MipOutcome;
	try {
		const mipOptions: MipOptions = {
			timeLimitSeconds: timeLimit,
			mipRelGap: options.mipRelGap ?? 0,
			names: lp.yNames,
			start: prep.free.map((j) => (greedySelected.includes(j) ? 1 : 0)),
			signal,
			onUpdate: onProgress
				? (objective, bound) =>
						report({
							phase: 'exact',
							message: 'new incumbent',
							objective: toResult(objective) ?? undefined,
							bound: tightenBound(prep, lp, toResult(bound))
						})
				: undefined
		};
		outcome = options.mipRunner
			? await options.mipRunner(text, mipOptions)
			: runMip(source.highs, text, mipOptions);
	} catch (error) {
		// A WebAssembly abort leaves the module unusable: load a fresh one next time.
		if (source.cached && !options.mipRunner) forgetHighs(options);
		return finish(
			greedySelected,
			'greedy',
			null,
			`HiGHS failed: ${message(error)}`,
			now() - tExact
		);
	}
	signal?.throwIfAborted();

	// A time-limited MIP may not have a useful bound yet; the LP relaxation gives one if there
	// is time left (it is never worse than nothing, and the tighter of the two is kept).
	let bound = tightenBound(prep, lp, toResult(outcome.bound));
	const rest = timeLimit - (now() - tExact) / 1000;
	if (outcome.status !== 'optimal' && outcome.status !== 'infeasible' && rest > 0.05) {
		try {
			const relaxed = relaxationBound(source.highs, relaxationString(lp), rest);
			bound = tighter(prep, bound, tightenBound(prep, lp, toResult(relaxed)));
		} catch {
			// Keep the MIP's bound.
		}
	}
	const exactMs = now() - tExact;
	const exactSelected = outcome.values ? pickColumns(prep, outcome.values) : null;
	const exactEval = exactSelected ? evaluate(prep, exactSelected) : null;
	if (!exactSelected || !exactEval?.feasible) {
		const why =
			outcome.status === 'time_limit'
				? `no solution from HiGHS within ${timeLimit} s`
				: `HiGHS ended with ${outcome.status} (${outcome.detail})`;
		return finish(greedySelected, 'greedy', bound, why, exactMs);
	}
	if (better(prep, greedyEval.objective, exactEval.objective)) {
		return finish(
			greedySelected,
			'greedy',
			bound,
			`the greedy answer beat HiGHS's best within ${timeLimit} s`,
			exactMs
		);
	}
	const status: SolveStatus = outcome.status === 'optimal' ? 'optimal' : 'time_limit';
	return finish(exactSelected, status, bound, null, exactMs);
}

function now(): number {
	return performance.now();
}

function message(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error);
}

/** Problems whose answer needs no search: the greedy one is optimal. */
function isTrivial(prep: Prepared): boolean {
	const model = prep.problem.model;
	if (prep.free.length === 0) return true;
	if (model === 'mclp') return prep.p === 0 || coverView(prep).rows.length === 0;
	if (model === 'lscp') return coverView(prep).rows.length === 0;
	return prep.p === prep.free.length;
}

/** Free columns with y = 1 in a solution, ascending. */
function pickColumns(prep: Prepared, values: Float64Array): number[] {
	return prep.free.filter((_, k) => (values[k] ?? 0) > 0.5);
}

/** Whether objective `a` is strictly better than `b` for the model (beyond float noise). */
function better(prep: Prepared, a: number, b: number): boolean {
	const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
	return prep.problem.model === 'mclp' ? a > b + tol : a < b - tol;
}

/** The tighter of two bounds: the lower upper bound for MCLP, the higher lower bound otherwise. */
function tighter(prep: Prepared, a: number | null, b: number | null): number | null {
	if (a === null) return b;
	if (b === null) return a;
	return prep.problem.model === 'mclp' ? Math.min(a, b) : Math.max(a, b);
}

/** Integral objectives allow rounding a bound inward (LSCP always; MCLP with whole persons). */
function tightenBound(prep: Prepared, lp: LpText, bound: number | null): number | null {
	if (bound === null) return null;
	if (prep.problem.model === 'lscp') return Math.ceil(bound - 1e-6);
	if (prep.problem.model === 'mclp' && prep.integralDemand && lp.sense === 'max') {
		return Math.floor(bound + 1e-6);
	}
	return bound;
}

/**
 * Relative gap |objective − bound| / |objective|, 0 when they agree to float precision and 1
 * when the objective is 0 but the bound is not.
 *
 * @param objective - the answer's objective
 * @param bound - a proven bound, or null
 * @returns the gap, or null without a bound
 * @example
 * relativeGap(90, 100); // 0.111…
 */
export function relativeGap(objective: number, bound: number | null): number | null {
	if (bound === null || !Number.isFinite(bound)) return null;
	const diff = Math.abs(objective - bound);
	if (diff <= 1e-9 * Math.max(1, Math.abs(objective))) return 0;
	// Like HiGHS: relative to the incumbent; a zero incumbent with a nonzero bound is 100 %.
	return Math.abs(objective) > 0 ? diff / Math.abs(objective) : 1;
}
