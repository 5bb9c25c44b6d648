/**
 * Optimal placement of new service points (MCLP, LSCP, p-median) for POST /api/analysis/optimize.
 *
 * Two kinds of body:
 * - the analysis contract (`costs` + `demand`, or `demandPoints` + `candidates`), checked by
 *   `parseOptimizeRequest` — other tools send network distances this way;
 * - a planner body with `service`: demand is the grid cells of a segment, candidates are grid
 *   centroids (all, or only uncovered ones), community service stations, or the planner's own
 *   list, and the existing points of the service type are fixed (they serve, and are not counted).
 *
 * Nothing is written. HiGHS runs with a time limit (greedy answer as start and fallback).
 */
import { z } from 'zod';
import type { Actor } from '$lib/domain/actor';
import type { Queryable } from '../db';
import { requireAnalysis } from './access';
import { coverageInMemory, scopedCells } from './coverage';
import { analysisData, SEGMENT_FIELD, supplyOf } from './data';
import {
	DEFAULT_DETOUR,
	DEFAULT_RADIUS_M,
	LOCATION_MODELS,
	MAX_MATRIX_CELLS,
	MAX_RADIUS_M,
	parseOptimizeRequest,
	SEGMENTS,
	SERVICE_TYPES,
	solveLocation,
	type LocationResult,
	type OptimizeProgress
} from './engine';
import { AnalysisInputError } from './errors';
import { runMipInThread } from './solver-thread';

/** Longest HiGHS run the API allows: it runs on the server's event loop. */
export const MAX_API_TIME_LIMIT_S = 30;
/** HiGHS time limit when the body does not give one. */
export const DEFAULT_API_TIME_LIMIT_S = 10;

const CANDIDATE_SOURCES = ['centroids', 'uncovered', 'stations'] as const;

const plannerSchema = z.strictObject({
	model: z.enum(LOCATION_MODELS, { error: 'must be one of "mclp", "lscp", "pmedian"' }),
	service: z.enum(SERVICE_TYPES, { error: `must be one of ${SERVICE_TYPES.join(', ')}` }),
	segment: z.enum(SEGMENTS, { error: `must be one of ${SEGMENTS.join(', ')}` }).default('all'),
	radius: z
		.number({ error: 'must be a number of walking metres' })
		.gt(0, { error: 'must be greater than 0' })
		.max(MAX_RADIUS_M, { error: `must be at most ${MAX_RADIUS_M} m` })
		.optional(),
	detour: z
		.number({ error: 'must be a number from 1 to 3' })
		.min(1, { error: 'must be from 1 to 3' })
		.max(3, { error: 'must be from 1 to 3' })
		.default(DEFAULT_DETOUR),
	status: z.enum(['active', 'all'], { error: 'must be "active" or "all"' }).default('active'),
	p: z
		.number({ error: 'must be a whole number' })
		.int({ error: 'must be a whole number' })
		.min(1, {
			error: 'must be at least 1'
		})
		.optional(),
	target: z
		.number({ error: 'must be a share in (0, 1]' })
		.gt(0, { error: 'must be in (0, 1]' })
		.max(1, { error: 'must be in (0, 1]' })
		.optional(),
	candidates: z.union(
		[
			z.enum(CANDIDATE_SOURCES),
			z
				.array(
					z.strictObject({
						lon: z.number().min(-180).max(180),
						lat: z.number().min(-90).max(90)
					}),
					{ error: 'must be an array of { lon, lat }' }
				)
				.max(5000, { error: 'must hold at most 5000 sites' })
		],
		{ error: 'must be "centroids", "uncovered", "stations" or a list of { lon, lat }' }
	),
	keepExisting: z.boolean({ error: 'must be true or false' }).default(true),
	timeLimitSeconds: z
		.number({ error: 'must be a number of seconds' })
		.gt(0, { error: 'must be greater than 0' })
		.max(MAX_API_TIME_LIMIT_S, { error: `must be at most ${MAX_API_TIME_LIMIT_S}` })
		.optional()
});

/** A candidate site that the solver opened (planner bodies only). */
export interface ProposedSite {
	column: number;
	lon: number;
	lat: number;
	/** Grid cell id for centroid candidates, service point id for stations, list index otherwise. */
	ref: number;
	source: (typeof CANDIDATE_SOURCES)[number] | 'list';
}

/** The answer: the solver's result, plus the sites and gains for planner bodies. */
export interface OptimizeReply extends LocationResult {
	/** Planner bodies: the opened sites. */
	sites?: ProposedSite[];
	/** Planner bodies: columns of the existing points (fixed). */
	fixedColumns?: number[];
	/** Planner bodies: covered demand with the existing points only. */
	baselineCovered?: number;
	/** Planner bodies: demand newly covered by the opened sites. */
	newlyCovered?: number;
	/** Planner bodies: candidate sites offered and used (thinned to fit the matrix limit). */
	candidates?: { offered: number; used: number };
}

/** Options for {@link optimize}. */
export interface OptimizeOptions {
	signal?: AbortSignal;
	onProgress?: (p: OptimizeProgress) => void;
}

/**
 * Solves a location problem from a request body.
 *
 * @param db - the database (planner bodies read the analysis data)
 * @param actor - needs `analysis.run`
 * @param body - the parsed JSON body
 * @param options - cancellation and progress
 * @returns status, selected columns, objective, gap (and sites for planner bodies)
 * @throws AnalysisInputError (400) on bad input, naming each problem
 * @example
 * await optimize(db, actor, { model: 'mclp', costs, demand, radius: 5000, p: 4 });
 */
export async function optimize(
	db: Queryable,
	actor: Actor,
	body: unknown,
	options: OptimizeOptions = {}
): Promise<OptimizeReply> {
	const run = await prepareOptimize(db, actor, body);
	return run(options);
}

/**
 * Checks a request body and builds the problem, without solving: the caller can refuse bad input
 * (400) before it starts a stream of progress.
 *
 * @param db - the database (planner bodies read the analysis data)
 * @param actor - needs `analysis.run`
 * @param body - the parsed JSON body
 * @returns a function that solves the problem
 * @throws AnalysisInputError (400) on bad input, naming each problem
 * @example
 * const run = await prepareOptimize(db, actor, body);
 * const result = await run({ onProgress });
 */
export async function prepareOptimize(
	db: Queryable,
	actor: Actor,
	body: unknown
): Promise<(options?: OptimizeOptions) => Promise<OptimizeReply>> {
	requireAnalysis(actor);
	if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'service' in body) {
		return preparePlanner(db, actor, body);
	}
	const parsed = parseOptimizeRequest(body);
	if (!parsed.ok) throw new AnalysisInputError(parsed.errors);
	const { problem, timeLimitSeconds } = parsed.value;
	return (options = {}) =>
		solveLocation(problem, {
			timeLimitSeconds: Math.min(
				timeLimitSeconds ?? DEFAULT_API_TIME_LIMIT_S,
				MAX_API_TIME_LIMIT_S
			),
			mipRunner: runMipInThread,
			signal: options.signal,
			onProgress: options.onProgress
		});
}

async function preparePlanner(
	db: Queryable,
	actor: Actor,
	body: object
): Promise<(options?: OptimizeOptions) => Promise<OptimizeReply>> {
	const checked = plannerSchema.safeParse(body);
	if (!checked.success) {
		throw new AnalysisInputError(
			checked.error.issues.slice(0, 20).map((i) => {
				const path = i.path.map(String).join('.') || 'body';
				return i.code === 'unrecognized_keys'
					? `${path}: unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
					: `${path}: ${i.message}`;
			})
		);
	}
	const req = checked.data;
	const radius = req.radius ?? DEFAULT_RADIUS_M[req.service];
	const data = await analysisData(db);
	const field = SEGMENT_FIELD[req.segment];
	const cells = scopedCells(data, actor).filter((c) => c[field] > 0);
	const existing = req.keepExisting ? supplyOf(data, req.service, req.status) : [];
	const params = { segment: req.segment, radius, detour: req.detour };
	const baseline = coverageInMemory(cells, existing, params);

	let sites: Omit<ProposedSite, 'column'>[];
	if (req.candidates === 'centroids' || req.candidates === 'uncovered') {
		const source = req.candidates;
		sites = cells
			.filter((_, k) => source === 'centroids' || !baseline.covered[k])
			.map((c) => ({ lon: c.lon, lat: c.lat, ref: c.id, source }));
	} else if (req.candidates === 'stations') {
		sites = supplyOf(data, 'station', 'all')
			.filter((s) => !existing.some((e) => e.id === s.id))
			.map((s) => ({ lon: s.lon, lat: s.lat, ref: s.id, source: 'stations' as const }));
	} else {
		sites = req.candidates.map((c, k) => ({ lon: c.lon, lat: c.lat, ref: k, source: 'list' }));
	}
	if (sites.length === 0) {
		throw new AnalysisInputError([
			`candidates: there are no candidate sites (${typeof req.candidates === 'string' ? req.candidates : 'empty list'})`
		]);
	}
	// why: for MCLP the existing points only serve rows they already cover, so those rows and the
	// fixed columns drop out and the objective gets the baseline back: a much smaller model.
	const mclp = req.model === 'mclp';
	const rows = mclp ? cells.filter((_, k) => !baseline.covered[k]) : cells;
	const fixedPoints = mclp ? [] : existing;
	const maxSites = Math.floor(MAX_MATRIX_CELLS / Math.max(rows.length, 1)) - fixedPoints.length;
	const offered = sites.length;
	if (maxSites < 1) {
		throw new AnalysisInputError([
			`candidates: ${rows.length} demand cells leave no room for candidates within the limit of ${MAX_MATRIX_CELLS} distances`
		]);
	}
	if (sites.length > maxSites) sites = thinSites(sites, maxSites);
	const fixed = fixedPoints.map((_, k) => k);
	let baseSum = 0;
	baseline.covered.forEach((v, k) => (baseSum += v ? baseline.weights[k]! : 0));
	const baselineCovered = Math.round(baseSum);
	const parsed = parseOptimizeRequest({
		model: req.model,
		demandPoints:
			rows.length > 0
				? rows.map((c) => ({ lon: c.lon, lat: c.lat, weight: c[field] }))
				: // why: nothing is left to cover; one empty row keeps the model well-formed.
					[{ lon: sites[0]!.lon, lat: sites[0]!.lat, weight: 0 }],
		candidates: [...fixedPoints.map((e) => ({ lon: e.lon, lat: e.lat })), ...sites],
		radius,
		detour: req.detour,
		...(req.p !== undefined && req.model !== 'lscp' && { p: req.p }),
		...(fixed.length > 0 && { fixed }),
		...(req.target !== undefined && { target: req.target })
	});
	if (!parsed.ok) throw new AnalysisInputError(parsed.errors);
	const problem = parsed.value.problem;
	const used = sites;
	return async (options = {}) => {
		const solved = await solveLocation(problem, {
			timeLimitSeconds: req.timeLimitSeconds ?? DEFAULT_API_TIME_LIMIT_S,
			mipRunner: runMipInThread,
			signal: options.signal,
			onProgress: options.onProgress
		});
		const result = mclp ? addBaseline(solved, baselineCovered) : solved;
		return {
			...result,
			sites: result.selected.map((column) => ({ column, ...used[column - fixed.length]! })),
			fixedColumns: fixed,
			baselineCovered,
			newlyCovered:
				result.coveredDemand === null ? 0 : Math.max(0, result.coveredDemand - baselineCovered),
			candidates: { offered, used: used.length }
		};
	};
}

/** Puts the demand that the fixed points already cover back into an MCLP result on the rest. */
function addBaseline(r: LocationResult, base: number): LocationResult {
	const objective = r.objective + base;
	return {
		...r,
		objective,
		bound: r.bound === null ? null : r.bound + base,
		gap: r.gap === null || objective === 0 ? r.gap : (r.gap * r.objective) / objective,
		totalDemand: r.totalDemand + base,
		coveredDemand: r.coveredDemand === null ? null : r.coveredDemand + base,
		greedy: { ...r.greedy, objective: r.greedy.objective + base }
	};
}

/**
 * Thins candidate sites to at most `max`, evenly over space: sites are binned on a square grid
 * that grows until few enough bins are occupied; each bin keeps its first site.
 */
function thinSites<S extends { lon: number; lat: number }>(sites: S[], max: number): S[] {
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	for (const s of sites) {
		minLon = Math.min(minLon, s.lon);
		minLat = Math.min(minLat, s.lat);
		maxLon = Math.max(maxLon, s.lon);
		maxLat = Math.max(maxLat, s.lat);
	}
	let size = Math.max(maxLon - minLon, maxLat - minLat) / Math.sqrt(max) / 2 || 1e-4;
	for (;;) {
		const kept = new Map<string, S>();
		for (const s of sites) {
			const key = `${Math.floor((s.lon - minLon) / size)}:${Math.floor((s.lat - minLat) / size)}`;
			if (!kept.has(key)) kept.set(key, s);
		}
		if (kept.size <= max) return [...kept.values()];
		size *= 1.15;
	}
}
