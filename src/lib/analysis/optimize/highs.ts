/**
 * Loading HiGHS (WebAssembly) and running one MIP from LP text.
 *
 * The persistent model API of highs-js (`createModel`) is used when present: it reports the MIP
 * dual bound at a time limit, accepts the greedy answer as a starting incumbent and streams
 * progress. Otherwise the one-shot `highs.solve()` is used and the bound at a time limit comes
 * from the LP relaxation.
 */
import type { CallbackEventFor, Highs, HighsCallbackMap } from 'highs';

/** What this module needs of a loaded HiGHS: at least the one-shot `solve`. */
export type HighsInstance = Pick<Highs, 'solve'> &
	Partial<Pick<Highs, 'createModel' | 'constants'>>;

/** How to obtain HiGHS. */
export interface HighsSource {
	/** An already loaded instance (e.g. created once per Worker). */
	highs?: HighsInstance;
	/** A custom loader, e.g. `() => import('highs').then((m) => m.default({ wasmBinary }))`. */
	loadHighs?: () => Promise<HighsInstance>;
	/**
	 * Where the default loader finds `highs.wasm`, for bundlers that do not resolve it; in a
	 * Vite Worker: `locateFile: () => wasmUrl` with `import wasmUrl from 'highs/runtime?url'`.
	 */
	locateFile?: (file: string) => string;
}

const cache = new Map<((file: string) => string) | undefined, Promise<HighsInstance>>();

/**
 * Returns a HiGHS instance: the given one, the custom loader's, or the package's default
 * loader (cached per `locateFile`).
 *
 * @param source - instance, loader or wasm location
 * @returns the instance and whether it came from this module's cache
 * @example
 * const { highs } = await getHighs({});
 */
export async function getHighs(
	source: HighsSource
): Promise<{ highs: HighsInstance; cached: boolean }> {
	if (source.highs) return { highs: source.highs, cached: false };
	if (source.loadHighs) return { highs: await source.loadHighs(), cached: false };
	let pending = cache.get(source.locateFile);
	if (!pending) {
		const locateFile = source.locateFile;
		pending = import('highs').then((mod) => mod.default(locateFile ? { locateFile } : {}));
		cache.set(locateFile, pending);
		pending.catch(() => cache.delete(locateFile));
	}
	return { highs: await pending, cached: true };
}

/**
 * Drops the cached instance: a WebAssembly abort inside HiGHS leaves it unusable.
 *
 * @param source - the source it was loaded with
 * @returns nothing
 * @example
 * forgetHighs({});
 */
export function forgetHighs(source: HighsSource): void {
	cache.delete(source.locateFile);
}

/** Outcome of one MIP run, in the LP's own objective units (no offset). */
export interface MipOutcome {
	status: 'optimal' | 'time_limit' | 'interrupted' | 'infeasible' | 'other';
	/** HiGHS's own status text or code, for messages. */
	detail: string;
	/** Values of the requested variables, or null when there is no feasible solution. */
	values: Float64Array | null;
	objective: number | null;
	/** Proven bound on the objective, when known. */
	bound: number | null;
}

/** Options for {@link runMip}. */
export interface MipOptions {
	timeLimitSeconds: number;
	mipRelGap: number;
	/** Variables whose values to return. */
	names: readonly string[];
	/** Optional starting values for `names` (a known feasible answer). */
	start?: readonly number[];
	/** Called with new incumbents and bounds (LP units) during the run. */
	onUpdate?: (objective: number | null, bound: number | null) => void;
	/** Checked at solver checkpoints: a signal aborted from inside `onUpdate` stops the run. */
	signal?: AbortSignal;
}

/**
 * Solves a MIP given as CPLEX LP text.
 *
 * @param highs - a loaded HiGHS
 * @param lp - LP text
 * @param options - limits, variables to read, start, callbacks
 * @returns status, values, objective and bound
 * @example
 * runMip(highs, lpString(lp), { timeLimitSeconds: 30, mipRelGap: 0, names: lp.yNames });
 */
export function runMip(highs: HighsInstance, lp: string, options: MipOptions): MipOutcome {
	if (highs.createModel && highs.constants) return runPersistent(highs, lp, options);
	return runLegacy(highs, lp, options);
}

function baseOptions(options: MipOptions): {
	output_flag: boolean;
	time_limit: number;
	mip_rel_gap: number;
} {
	return {
		output_flag: false,
		time_limit: options.timeLimitSeconds,
		mip_rel_gap: options.mipRelGap
	};
}

function runPersistent(highs: HighsInstance, lp: string, options: MipOptions): MipOutcome {
	const constants = highs.constants!;
	const model = highs.createModel!({ format: 'lp', data: lp });
	try {
		model.options.set(baseOptions(options));
		const cols = options.names.map((name) => model.getColByName(name));
		if (options.start && cols.length > 0) {
			try {
				model.setSolution({
					indices: Int32Array.from(cols),
					values: Float64Array.from(options.start)
				});
			} catch {
				// A rejected start only costs the head start.
			}
		}
		const cb = constants.callbackType;
		const { onUpdate, signal } = options;
		const callbacks: HighsCallbackMap = {
			...(onUpdate && {
				[cb.mipImprovingSolution]: (event: CallbackEventFor<4>) => {
					onUpdate(event.data.objective_function_value ?? null, event.data.mip_dual_bound ?? null);
				}
			}),
			...(signal && {
				[cb.mipInterrupt]: (event: CallbackEventFor<6>) => {
					if (signal.aborted) event.interrupt();
				}
			})
		};
		const run = model.run(callbacks);
		const ms = constants.modelStatus;
		const status =
			run.modelStatus === ms.optimal
				? 'optimal'
				: run.modelStatus === ms.timeLimit
					? 'time_limit'
					: run.modelStatus === ms.interrupted
						? 'interrupted'
						: run.modelStatus === ms.infeasible
							? 'infeasible'
							: 'other';
		const feasible =
			Number(model.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
		let values: Float64Array | null = null;
		let objective: number | null = null;
		if (feasible) {
			const all = model.getSolution().colValue;
			values = Float64Array.from(cols, (c) => all[c] ?? 0);
			objective = model.getObjectiveValue();
		}
		const bound = readNumber(() => model.info.get('mip_dual_bound'));
		return {
			status,
			detail: `model status ${run.modelStatus}`,
			values,
			objective,
			bound: status === 'optimal' ? objective : bound
		};
	} finally {
		model.dispose();
	}
}

function readNumber(get: () => number | bigint): number | null {
	try {
		const v = Number(get());
		return Number.isFinite(v) ? v : null;
	} catch {
		return null;
	}
}

function runLegacy(highs: HighsInstance, lp: string, options: MipOptions): MipOutcome {
	const result = highs.solve(lp, baseOptions(options));
	const text = result.Status;
	const status =
		text === 'Optimal'
			? 'optimal'
			: text === 'Time limit reached'
				? 'time_limit'
				: text === 'Infeasible'
					? 'infeasible'
					: 'other';
	let values: Float64Array | null = null;
	let objective: number | null = null;
	const columns = result.Columns as Record<string, { Primal?: number } | undefined>;
	if ((status === 'optimal' || status === 'time_limit') && options.names.length > 0) {
		const first = columns[options.names[0]!];
		if (first && typeof first.Primal === 'number') {
			values = Float64Array.from(options.names, (name) => columns[name]?.Primal ?? 0);
			objective = result.ObjectiveValue;
		}
	}
	return {
		status,
		detail: text,
		values,
		objective,
		bound: status === 'optimal' ? objective : null
	};
}

/**
 * Solves an LP (no integrality) and returns its optimal objective, or null.
 *
 * @param highs - a loaded HiGHS
 * @param lp - LP text without integrality
 * @param timeLimitSeconds - limit for this solve
 * @returns the optimal objective, or null if not solved to optimality
 * @example
 * relaxationBound(highs, relaxationString(lp), 10);
 */
export function relaxationBound(
	highs: HighsInstance,
	lp: string,
	timeLimitSeconds: number
): number | null {
	const result = highs.solve(lp, { output_flag: false, time_limit: timeLimitSeconds });
	return result.Status === 'Optimal' ? result.ObjectiveValue : null;
}
