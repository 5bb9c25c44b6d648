/**
 * Types of the location-allocation optimiser: where to put new service points.
 */

/** The models: maximal covering (MCLP), set covering (LSCP), p-median. */
export const LOCATION_MODELS = ['mclp', 'lscp', 'pmedian'] as const;

/** A location-allocation model. */
export type LocationModel = (typeof LOCATION_MODELS)[number];

/**
 * A problem on a cost matrix: rows are demand points, columns candidate sites.
 * Coverage is `costs[i][j] <= radius` (inclusive).
 */
export interface LocationProblem {
	model: LocationModel;
	/** `costs[i][j]`: walking metres from demand row i to candidate column j; finite, >= 0. */
	costs: readonly (readonly number[])[];
	/** Demand per row (persons), >= 0. */
	demand: readonly number[];
	/** Service radius in metres; required for MCLP and LSCP, optional for p-median (stats only). */
	radius?: number;
	/** MCLP, p-median: number of new facilities to open (fixed ones come on top). */
	p?: number;
	/** Candidate columns that are already open: they serve demand and are not counted in p. */
	fixed?: readonly number[];
	/**
	 * LSCP only: instead of covering every coverable row (LSCP covers rows with demand > 0; rows
	 * that no candidate reaches are left out and counted in `uncoveredRows`), reach at least this
	 * share (0, 1] of total demand.
	 */
	target?: number;
}

/**
 * How the answer was obtained: proven optimal by HiGHS; the best HiGHS found before the time
 * limit; or the greedy heuristic (fallback, or on request).
 */
export type SolveStatus = 'optimal' | 'time_limit' | 'greedy';

/** The answer. */
export interface LocationResult {
	model: LocationModel;
	status: SolveStatus;
	/** Newly opened candidate columns, ascending (fixed columns not included). */
	selected: number[];
	/**
	 * MCLP: covered demand (fixed facilities included); LSCP: number of new facilities;
	 * p-median: Σ demand × distance to the nearest open facility.
	 */
	objective: number;
	/**
	 * Relative optimality gap |objective − bound| / |objective|: 0 when optimal; null when no
	 * bound is known (greedy without a solver run).
	 */
	gap: number | null;
	/** Best proven bound on the objective (upper for MCLP, lower otherwise), if known. */
	bound: number | null;
	/** Total demand. */
	totalDemand: number;
	/** Demand within the radius of an open facility; null without a radius. */
	coveredDemand: number | null;
	/** Rows with demand > 0 beyond the radius of every open facility; null without a radius. */
	uncoveredRows: number | null;
	/** Σ demand × distance to the nearest open facility / Σ demand; null if nothing is open. */
	meanDistance: number | null;
	/** What the greedy heuristic found (always run first). */
	greedy: { selected: number[]; objective: number };
	/** Why the greedy answer is returned instead of an exact one, if it is. */
	fallbackReason: string | null;
	timings: { greedyMs: number; exactMs: number | null; totalMs: number };
}

/** A progress report, for a Worker to forward to the UI. */
export interface OptimizeProgress {
	phase: 'greedy' | 'exact' | 'done';
	message: string;
	/** Best objective known so far (result units). */
	objective?: number;
	/** Best proven bound so far (result units). */
	bound?: number | null;
	gap?: number | null;
	elapsedMs: number;
}
