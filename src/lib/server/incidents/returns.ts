/**
 * Returns counted per duty-list rule (issue 5 §3): each dispatch records the rule that chose its
 * department, so the returns that follow show which rules send cases to the wrong department.
 */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { caseRolesFor } from '../../domain/cases';
import { PermissionError, requireCapability } from '../../domain/permissions';
import type { Queryable } from '../db';
import { run, type ServiceOptions } from './common';
import { IncidentError } from './errors';

const DAY = 86_400_000;
/** The longest window one request may ask for. */
export const RETURNS_MAX_DAYS = 366;

export const returnsQuerySchema = z
	.object({
		from: z.coerce.date().optional(),
		to: z.coerce.date().optional(),
		subdistrict: z
			.string()
			.regex(/^[0-9]{12}$/, 'must be a 12-digit subdistrict code')
			.optional()
	})
	.strict();

export interface RuleReturns {
	/** The routing rule, or null for dispatches the operator chose (or the category default). */
	ruleId: number | null;
	categoryCode: string | null;
	areaCode: string | null;
	departmentCode: string | null;
	priority: number | null;
	dispatches: number;
	returns: number;
	/** returns / dispatches, or null without dispatches in the window. */
	returnRate: number | null;
}

export interface ReturnsReport {
	from: string;
	to: string;
	rules: RuleReturns[];
}

/**
 * Dispatches and returns per routing rule in a window (default: the last 90 days), in the
 * reader's scope. For command and supervision (the ones who maintain the duty list).
 * @throws PermissionError 401/403; ZodError or IncidentError 400 naming the parameter
 */
export async function returnsByRule(
	db: Queryable,
	actor: Actor,
	query: unknown,
	opts: ServiceOptions = {}
): Promise<ReturnsReport> {
	requireCapability(actor, 'incident.read');
	const roles = caseRolesFor(actor.role);
	if (!roles.includes('command') && !roles.includes('supervision')) {
		throw new PermissionError(403, null, 'Only command and supervision see returns per rule');
	}
	const q = returnsQuerySchema.parse(query);
	const to = q.to ?? opts.now ?? new Date();
	const from = q.from ?? new Date(to.getTime() - 90 * DAY);
	if (from >= to) throw new IncidentError(400, 'invalid', 'from: must be before to');
	if (to.getTime() - from.getTime() > RETURNS_MAX_DAYS * DAY) {
		throw new IncidentError(400, 'invalid', `from: the window is at most ${RETURNS_MAX_DAYS} days`);
	}
	const rows = await run<Omit<RuleReturns, 'returnRate'>>(
		db,
		'counting returns per routing rule',
		'returns_by_rule',
		[from, to, scopeParam(actor), q.subdistrict ?? null]
	);
	return {
		from: from.toISOString(),
		to: to.toISOString(),
		rules: rows.map((r) => ({
			...r,
			returnRate: r.dispatches > 0 ? r.returns / r.dispatches : null
		}))
	};
}
