/**
 * Location-allocation: MCLP, LSCP and p-median, solved exactly with HiGHS, greedy as fallback.
 */
export { solveLocation, relativeGap, type SolveOptions } from './solve';
export { greedy, greedyMclp, greedyLscp, greedyPmedian, InfeasibleTargetError } from './greedy';
export { buildLp, lpString, relaxationString, type LpText } from './lp';
export {
	prepare,
	evaluate,
	coverView,
	medianView,
	type Prepared,
	type Evaluation
} from './prepare';
export {
	getHighs,
	runMip,
	type HighsInstance,
	type HighsSource,
	type MipOptions,
	type MipOutcome
} from './highs';
export { costMatrix } from './costs';
export {
	optimizeRequestSchema,
	parseOptimizeRequest,
	MAX_MATRIX_CELLS,
	MAX_RADIUS_M,
	type OptimizeRequest,
	type ParsedOptimizeRequest,
	type ParseResult
} from './schema';
export {
	LOCATION_MODELS,
	type LocationModel,
	type LocationProblem,
	type LocationResult,
	type OptimizeProgress,
	type SolveStatus
} from './types';
