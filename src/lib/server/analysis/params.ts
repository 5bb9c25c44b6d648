/**
 * Query parameters of the analysis endpoints, checked with zod. Messages name the parameter
 * ("radius: must be at most 50000 m") and every problem becomes an {@link AnalysisInputError}.
 */
import { z } from 'zod';
import {
	DEFAULT_DETOUR,
	DEFAULT_RADIUS_M,
	MAX_RADIUS_M,
	SEGMENTS,
	SERVICE_TYPES,
	type Segment,
	type ServiceType
} from '$lib/analysis';
import { AnalysisInputError } from './errors';

/** Which service points count: the active ones, or the planned ones too. */
export const SUPPLY_STATUSES = ['active', 'all'] as const;
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number];

/** The coverage engines: the in-memory index (Turf/Flatbush) or the PostGIS oracle. */
export const ENGINES = ['turf', 'postgis'] as const;
export type Engine = (typeof ENGINES)[number];

/** A number from a query string: '' and 'abc' are errors, not 0 or NaN silently. */
const queryNumber = (what: string) =>
	z
		.string()
		.trim()
		.refine((s) => s !== '' && Number.isFinite(Number(s)), { error: `must be ${what}` })
		.transform(Number);

const radius = queryNumber('a number of walking metres').pipe(
	z
		.number()
		.gt(0, { error: 'must be greater than 0' })
		.max(MAX_RADIUS_M, { error: `must be at most ${MAX_RADIUS_M} m` })
);

const detour = queryNumber('a number from 1 to 3').pipe(
	z.number().min(1, { error: 'must be from 1 to 3' }).max(3, { error: 'must be from 1 to 3' })
);

const base = {
	service: z.enum(SERVICE_TYPES, {
		error: `must be one of ${SERVICE_TYPES.map((s) => `"${s}"`).join(', ')}`
	}),
	segment: z
		.enum(SEGMENTS, { error: `must be one of ${SEGMENTS.map((s) => `"${s}"`).join(', ')}` })
		.default('all'),
	radius: radius.optional(),
	detour: detour.optional(),
	status: z.enum(SUPPLY_STATUSES, { error: 'must be "active" or "all"' }).default('active')
};

const coverageSchema = z.strictObject({
	...base,
	engine: z.enum(ENGINES, { error: 'must be "turf" or "postgis"' }).default('turf'),
	deserts: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('1'),
	cells: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('1')
});

const accessibilitySchema = z.strictObject({
	...base,
	method: z.enum(['2sfca', 'e2sfca'], { error: 'must be "2sfca" or "e2sfca"' }).default('2sfca')
});

/** Parameters shared by every coverage-like question, with defaults filled in. */
export interface AnalysisParams {
	service: ServiceType;
	segment: Segment;
	/** Walking metres. */
	radius: number;
	detour: number;
	status: SupplyStatus;
}

/** Coverage parameters. */
export interface CoverageParams extends AnalysisParams {
	engine: Engine;
	withDeserts: boolean;
	withCells: boolean;
}

/** Accessibility parameters. */
export interface AccessibilityParams extends AnalysisParams {
	method: '2sfca' | 'e2sfca';
}

/**
 * Parses coverage query parameters.
 *
 * @param query - the request's search parameters
 * @returns the parameters with defaults (radius: the service type's default)
 * @throws AnalysisInputError naming each bad parameter
 * @example
 * parseCoverageQuery(url.searchParams); // { service: 'meal', segment: 'all', radius: 500, … }
 */
export function parseCoverageQuery(query: URLSearchParams): CoverageParams {
	const p = parseWith(coverageSchema, query);
	return {
		service: p.service,
		segment: p.segment,
		radius: p.radius ?? DEFAULT_RADIUS_M[p.service],
		detour: p.detour ?? DEFAULT_DETOUR,
		status: p.status,
		engine: p.engine,
		withDeserts: p.deserts === '1',
		withCells: p.cells === '1'
	};
}

/**
 * Parses accessibility (2SFCA / E2SFCA) query parameters.
 *
 * @param query - the request's search parameters
 * @returns the parameters with defaults
 * @throws AnalysisInputError naming each bad parameter
 * @example
 * parseAccessibilityQuery(new URLSearchParams('service=daycare&method=e2sfca'));
 */
export function parseAccessibilityQuery(query: URLSearchParams): AccessibilityParams {
	const p = parseWith(accessibilitySchema, query);
	return {
		service: p.service,
		segment: p.segment,
		radius: p.radius ?? DEFAULT_RADIUS_M[p.service],
		detour: p.detour ?? DEFAULT_DETOUR,
		status: p.status,
		method: p.method
	};
}

function parseWith<S extends z.ZodType>(schema: S, query: URLSearchParams): z.output<S> {
	const raw: Record<string, string> = {};
	const errors: string[] = [];
	for (const [key, value] of query) {
		if (key in raw) errors.push(`${key}: is given more than once`);
		raw[key] = value;
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			if (issue.code === 'unrecognized_keys') {
				for (const k of issue.keys) errors.push(`${k}: unknown parameter`);
			} else {
				errors.push(`${issue.path.map(String).join('.') || 'query'}: ${issue.message}`);
			}
		}
	}
	if (errors.length > 0 || !parsed.success) throw new AnalysisInputError(errors);
	return parsed.data;
}
