/**
 * The HTTP body of an optimisation request, checked with zod, with error messages that name the
 * field ("costs[3]: has 5 entries, expected 16 (one per candidate)").
 */
import { z } from 'zod';
import { costMatrix } from './costs';
import { LOCATION_MODELS, type LocationProblem } from './types';

/** Largest accepted cost matrix (rows × columns). */
export const MAX_MATRIX_CELLS = 1_000_000;

/** Largest accepted radius in metres. */
export const MAX_RADIUS_M = 50_000;

/** At most this many messages are returned; the last one says how many were left out. */
const MAX_ERRORS = 20;

const num = (what: string) => z.number({ error: `must be ${what}` });
const distance = num('a finite number >= 0 (metres)').min(0, {
	error: 'must be a finite number >= 0 (metres)'
});
const lon = num('a longitude in degrees').min(-180, { error: 'must be in [-180, 180]' }).max(180, {
	error: 'must be in [-180, 180]'
});
const lat = num('a latitude in degrees').min(-90, { error: 'must be in [-90, 90]' }).max(90, {
	error: 'must be in [-90, 90]'
});

/** Shape of the request body; cross-field rules are checked by {@link parseOptimizeRequest}. */
export const optimizeRequestSchema = z
	.object({
		model: z.enum(LOCATION_MODELS, { error: 'must be one of "mclp", "lscp", "pmedian"' }),
		costs: z
			.array(z.array(distance, { error: 'each row must be an array of numbers' }), {
				error: 'must be an array of rows (one per demand point)'
			})
			.optional(),
		demand: z
			.array(num('a finite number >= 0').min(0, { error: 'must be a finite number >= 0' }), {
				error: 'must be an array of numbers'
			})
			.optional(),
		radius: num('a finite number of metres')
			.gt(0, { error: 'must be greater than 0' })
			.max(MAX_RADIUS_M, { error: `must be at most ${MAX_RADIUS_M} m` })
			.optional(),
		p: num('a whole number')
			.int({ error: 'must be a whole number' })
			.min(1, { error: 'must be at least 1' })
			.optional(),
		fixed: z
			.array(num('a column index').int({ error: 'must be a whole number' }), {
				error: 'must be an array of column indices'
			})
			.optional(),
		target: num('a share of demand in (0, 1]')
			.gt(0, { error: 'must be in (0, 1]' })
			.max(1, { error: 'must be in (0, 1]' })
			.optional(),
		demandPoints: z
			.array(
				z.object(
					{
						lon,
						lat,
						weight: num('a finite number >= 0').min(0, { error: 'must be a finite number >= 0' })
					},
					{ error: 'must be an object { lon, lat, weight }' }
				),
				{ error: 'must be an array of { lon, lat, weight }' }
			)
			.optional(),
		candidates: z
			.array(z.object({ lon, lat }, { error: 'must be an object { lon, lat }' }), {
				error: 'must be an array of { lon, lat }'
			})
			.optional(),
		detour: num('a number from 1 to 3')
			.min(1, { error: 'must be from 1 to 3' })
			.max(3, { error: 'must be from 1 to 3' })
			.optional(),
		timeLimitSeconds: num('a number of seconds')
			.gt(0, { error: 'must be greater than 0' })
			.max(600, { error: 'must be at most 600' })
			.optional()
	})
	.strict();

/** The request body as the schema parses it. */
export type OptimizeRequest = z.infer<typeof optimizeRequestSchema>;

/** A checked request: the problem on a cost matrix, plus solver settings. */
export interface ParsedOptimizeRequest {
	problem: LocationProblem;
	timeLimitSeconds?: number;
}

/** Either the parsed request or human-readable errors, each starting with the field. */
export type ParseResult =
	{ ok: true; value: ParsedOptimizeRequest } | { ok: false; errors: string[] };

/**
 * Checks an optimisation request body and turns it into a problem on a cost matrix (built from
 * coordinates with haversine × detour if the body has points instead of costs).
 *
 * @param body - the parsed JSON body
 * @returns the problem, or a list of messages like `"radius: must be greater than 0"`
 * @example
 * const r = parseOptimizeRequest(await request.json());
 * if (!r.ok) return json({ errors: r.errors }, { status: 400 });
 */
export function parseOptimizeRequest(body: unknown): ParseResult {
	const parsed = optimizeRequestSchema.safeParse(body);
	if (!parsed.success) {
		return fail(
			parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issueText(issue)}`)
		);
	}
	const req = parsed.data;
	const errors: string[] = [];
	const model = req.model;

	const hasMatrix = req.costs !== undefined || req.demand !== undefined;
	const hasPoints = req.demandPoints !== undefined || req.candidates !== undefined;
	if (hasMatrix && hasPoints) {
		return fail(['body: give either costs + demand, or demandPoints + candidates, not both']);
	}
	if (!hasMatrix && !hasPoints) {
		return fail(['body: give costs + demand, or demandPoints + candidates']);
	}

	let rows: number;
	let cols: number;
	if (hasMatrix) {
		if (!req.costs) errors.push('costs: is required with demand');
		if (!req.demand) errors.push('demand: is required with costs');
		if (!req.costs || !req.demand) return fail(errors);
		rows = req.costs.length;
		cols = req.costs[0]?.length ?? 0;
		if (rows === 0) errors.push('costs: has no rows (one per demand point)');
		else if (cols === 0) errors.push('costs: has no candidate columns (no candidates)');
		req.costs.forEach((row, i) => {
			if (row.length !== cols) {
				errors.push(`costs[${i}]: has ${row.length} entries, expected ${cols} (one per candidate)`);
			}
		});
		if (req.demand.length !== rows) {
			errors.push(
				`demand: has ${req.demand.length} entries, expected ${rows} (one per row of costs)`
			);
		}
	} else {
		if (!req.demandPoints) errors.push('demandPoints: is required with candidates');
		if (!req.candidates) errors.push('candidates: is required with demandPoints');
		if (!req.demandPoints || !req.candidates) return fail(errors);
		rows = req.demandPoints.length;
		cols = req.candidates.length;
		if (rows === 0) errors.push('demandPoints: is empty');
		if (cols === 0) errors.push('candidates: there are no candidate sites');
	}
	if (rows * cols > MAX_MATRIX_CELLS) {
		errors.push(
			`${hasMatrix ? 'costs' : 'candidates'}: ${rows} × ${cols} = ${rows * cols} distances is more than the limit of ${MAX_MATRIX_CELLS}`
		);
	}

	if ((model === 'mclp' || model === 'lscp') && req.radius === undefined) {
		errors.push(`radius: is required for ${model}`);
	}
	const fixed = req.fixed ?? [];
	const seen = new Set<number>();
	fixed.forEach((j, k) => {
		if (cols > 0 && (j < 0 || j >= cols)) {
			errors.push(`fixed[${k}]: ${j} is not a candidate index (0 to ${cols - 1})`);
		} else if (seen.has(j)) errors.push(`fixed[${k}]: column ${j} is listed twice`);
		seen.add(j);
	});
	if (model === 'mclp' || model === 'pmedian') {
		if (req.p === undefined) errors.push(`p: is required for ${model}`);
		else if (cols > 0 && req.p > cols - seen.size) {
			errors.push(
				seen.size > 0
					? `p: is ${req.p} but only ${cols - seen.size} of the ${cols} candidates are not fixed`
					: `p: is ${req.p} but there are only ${cols} candidates`
			);
		}
	}
	if (req.target !== undefined && model !== 'lscp') {
		errors.push('target: only applies to model "lscp"');
	}
	if (errors.length > 0) return fail(errors);

	const problem: LocationProblem = {
		model,
		costs: req.costs ?? costMatrix(req.demandPoints!, req.candidates!, req.detour),
		demand: req.demand ?? req.demandPoints!.map((d) => d.weight),
		...(req.radius !== undefined && { radius: req.radius }),
		...(req.p !== undefined && model !== 'lscp' && { p: req.p }),
		...(fixed.length > 0 && { fixed }),
		...(req.target !== undefined && { target: req.target })
	};
	return {
		ok: true,
		value: {
			problem,
			...(req.timeLimitSeconds !== undefined && { timeLimitSeconds: req.timeLimitSeconds })
		}
	};
}

function fail(errors: string[]): ParseResult {
	const kept = errors.slice(0, MAX_ERRORS);
	if (errors.length > MAX_ERRORS) kept.push(`… and ${errors.length - MAX_ERRORS} more errors`);
	return { ok: false, errors: kept };
}

/** `['costs', 3, 5]` → `costs[3][5]`; `['demandPoints', 2, 'lon']` → `demandPoints[2].lon`. */
function fieldName(path: readonly PropertyKey[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out === '' ? String(part) : `.${String(part)}`;
	}
	return out === '' ? 'body' : out;
}

function issueText(issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys') {
		return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
	}
	if (issue.code === 'invalid_type' && issue.path.length === 0) return 'must be a JSON object';
	return issue.message;
}
