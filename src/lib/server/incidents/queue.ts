/** The deadline-sorted work queue. */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { CASE_STATES, OPEN_STATES } from '../../domain/cases';
import { requireCapability } from '../../domain/permissions';
import { URGENCY_TIERS } from '../../domain/sla';
import type { Queryable } from '../db';
import { departmentCode, run, shapeIncident, type Incident, type ServiceOptions } from './common';
import { workingCalendar } from './calendar';

export const queueFiltersSchema = z
	.object({
		state: z.enum(CASE_STATES).optional(),
		category: z
			.string()
			.regex(/^[12][0-9]{2}([0-9]{2})?$/, 'must be a category code')
			.optional(),
		department: departmentCode.optional(),
		subdistrict: z
			.string()
			.regex(/^[0-9]{12}$/, 'must be a 12-digit subdistrict code')
			.optional(),
		urgency: z.enum(URGENCY_TIERS).optional(),
		limit: z.coerce.number().int().min(1).max(200).default(50),
		offset: z.coerce.number().int().min(0).max(100_000).default(0)
	})
	.strict();
export type QueueFilters = z.input<typeof queueFiltersSchema>;

export type QueueItem = Pick<
	Incident,
	| 'id'
	| 'number'
	| 'categoryCode'
	| 'state'
	| 'priority'
	| 'subdistrictCode'
	| 'departmentCode'
	| 'stage'
	| 'stageStartedAt'
	| 'deadlineAt'
	| 'reportedAt'
	| 'version'
	| 'lon'
	| 'lat'
	| 'urgency'
>;

export interface Queue {
	items: QueueItem[];
	total: number;
	limit: number;
	offset: number;
}

/** Cases scanned when filtering by a tier other than overdue (computed on the calendar). */
const URGENCY_SCAN_LIMIT = 5000;

/**
 * The work queue: open cases (or one state), earliest deadline first — an overdue case is always
 * at the top, never hidden — scope-filtered and paged, in one query.
 */
export async function listQueue(
	db: Queryable,
	actor: Actor,
	filters: unknown,
	opts: ServiceOptions = {}
): Promise<Queue> {
	requireCapability(actor, 'incident.read');
	const f = queueFiltersSchema.parse(filters);
	const now = opts.now ?? new Date();
	const cal = opts.calendar ?? (await workingCalendar(db));
	const states = f.state ? [f.state] : [...OPEN_STATES];
	// why: overdue is a plain deadline comparison (SQL pages it); the other tiers are shares of
	// working time, computed here over the running cases.
	const inSql = f.urgency === undefined || f.urgency === 'overdue';
	const params = [
		states,
		f.category ?? null,
		f.department ?? null,
		f.subdistrict ?? null,
		scopeParam(actor),
		inSql ? f.limit : URGENCY_SCAN_LIMIT,
		inSql ? f.offset : 0,
		now,
		f.urgency === undefined ? null : f.urgency === 'overdue' ? 'overdue' : 'running'
	];
	const rows = await run(db, 'reading the case queue', 'queue', params);
	const items = rows.map((r) => {
		const { total: _total, ...rest } = r;
		return shapeIncident(rest, now, cal) as QueueItem;
	});
	if (inSql) {
		return { items, total: Number(rows[0]?.total ?? 0), limit: f.limit, offset: f.offset };
	}
	const tiered = items.filter((i) => i.urgency === f.urgency);
	return {
		items: tiered.slice(f.offset, f.offset + f.limit),
		total: tiered.length,
		limit: f.limit,
		offset: f.offset
	};
}
