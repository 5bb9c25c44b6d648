/**
 * The case service (ARCHITECTURE.md "Security model": every function takes the Actor and checks
 * role and scope itself). Each write is one transaction: the case row (optimistic version check),
 * one append-only event and one change_log row for the live map, or nothing at all.
 *
 * The stage clocks and the incident's derived columns come from the same `derive` the demo seed
 * uses (seed/lifecycle.ts), run over the stored history plus the new move, so the live system and
 * the seed can never disagree on a deadline.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar';
import {
	ACTIONS_BY_ROLE,
	CASE_ACTIONS,
	CASE_STATES,
	OPEN_STATES,
	TransitionError,
	availableActionsForAppRole,
	can as roleCan,
	canMergeInto,
	caseRolesFor,
	hasPendingExtension,
	isWhistle,
	jointCaseState,
	mayMarkJointHandled,
	REASON_REQUIRED,
	transition,
	type CaseAction,
	type CaseRole,
	type CaseState,
	type CaseStateOrNew,
	type JointPartState,
	type SlaStage
} from '../../domain/cases';
import {
	DEFAULT_DEPARTMENT_BY_CATEGORY,
	categoryByCode,
	departmentByCode,
	stageLimit,
	type Category
} from '../../domain/categories';
import { can, requireCapability, PermissionError, ScopeError } from '../../domain/permissions';
import { URGENCY_TIERS, urgency, type UrgencyTier } from '../../domain/sla';
import type { Db, Queryable, Row } from '../db';
import { DbError } from '../db';
import { readIncidentContact, type IncidentContact } from '../auth/personal';
import { setActor } from '../auth/rls';
import { derive, SOURCES, type CaseEvent, type Derived } from '../seed/lifecycle';
import { sql } from '../sql';
import { IncidentError, fromTransitionError } from './errors';

/** Options every service call accepts; `now` and `calendar` exist for tests and batch jobs. */
export interface ServiceOptions {
	now?: Date;
	calendar?: WorkingCalendar;
}

async function run<T extends Row = Row>(
	db: Queryable,
	attempt: string,
	name: string,
	params: readonly unknown[]
): Promise<T[]> {
	try {
		return await db.query<T>(sql(`incidents/${name}`), params);
	} catch (e) {
		throw e instanceof DbError ? e : new DbError(attempt, e);
	}
}

const categoryCode = z
	.string()
	.regex(/^[12][0-9]{4}$/, 'must be a 5-digit subcategory code')
	.refine((c) => categoryByCode(c) !== undefined, 'unknown category');
const departmentCode = z
	.string()
	.refine((c) => departmentByCode(c) !== undefined, 'unknown department');
const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);

export const createIncidentSchema = z
	.object({
		category: categoryCode,
		lon,
		lat,
		description: z.string().trim().min(1, 'must not be empty').max(4000),
		address: z.string().trim().max(200).optional(),
		priority: z.number().int().min(1).max(3).default(2),
		source: z.enum(SOURCES).optional(),
		contact: z
			.object({
				name: z.string().trim().max(100).optional(),
				phone: z
					.string()
					.trim()
					.max(40)
					.regex(/^[0-9+\-() ]*$/, 'must be a phone number')
					.optional(),
				email: z.string().trim().max(200).email().optional()
			})
			.strict()
			.optional()
	})
	.strict();
export type CreateIncidentInput = z.input<typeof createIncidentSchema>;

/** What the reporter gets back; the public sees only the tracking code and number. */
export interface CreatedIncident {
	id: number;
	number: string;
	trackingCode: string;
	state: CaseState;
	subdistrictCode: string;
	deadlineAt: string | null;
	version: number;
}

const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 10 characters from an alphabet without look-alikes (0/O, 1/I): ~50 bits from crypto. */
export function newTrackingCode(): string {
	let s = '';
	for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
	return s;
}

/** The source a report gets: residents and grid workers cannot claim another channel. */
function sourceFor(actor: Actor, asked: (typeof SOURCES)[number] | undefined) {
	if (actor.role === 'public') return 'resident';
	if (actor.role === 'gridworker') return 'gridworker';
	return asked ?? 'hotline';
}

function categoryOf(code: string): Category {
	const c = categoryByCode(code);
	if (!c) throw new IncidentError(400, 'invalid', `category: unknown category ${code}`);
	return c;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toMs = (v: unknown): number | null =>
	v === null || v === undefined ? null : new Date(v as string | Date).getTime();

/**
 * Files a new case: validated, placed by the database, one 'report' event on the filing clock,
 * the contact (if any) and one change_log row — all in one transaction.
 * @throws ZodError (400) naming the field; IncidentError 400 when the point is outside the district
 */
export async function createIncident(
	db: Db,
	actor: Actor,
	input: unknown,
	opts: ServiceOptions = {}
): Promise<CreatedIncident> {
	requireCapability(actor, 'incident.create');
	const body = createIncidentSchema.parse(input);
	const category = categoryOf(body.category);
	const role = caseRolesFor(actor.role).find((r) => roleCan(r, null, 'report'));
	if (!role) throw new PermissionError(403, 'incident.create');
	transition(role, null, 'report');
	const cal = opts.calendar ?? DEFAULT_CALENDAR;
	const now = opts.now ?? new Date();
	const event: CaseEvent = {
		action: 'report',
		from: null,
		to: 'reported',
		role,
		department: null,
		note: null,
		at: now.getTime()
	};
	const d = derive([event], category, cal);
	return db.transaction(async (tx) => {
		await setActor(tx, actor);
		const [row] = await run<{ id: number; number: string; subdistrictCode: string | null }>(
			tx,
			'creating a case',
			'insert',
			[
				newTrackingCode(),
				category.code,
				sourceFor(actor, body.source),
				body.priority,
				body.description,
				body.address ?? null,
				body.lon,
				body.lat,
				d.stage,
				now,
				iso(d.deadlineAt)
			]
		);
		if (!row || row.subdistrictCode === null) {
			// why: the placement trigger leaves the subdistrict empty outside the district; throwing
			// rolls the insert back.
			throw new IncidentError(
				400,
				'outside_district',
				'lon/lat: the location is outside the district'
			);
		}
		const c = body.contact;
		if (c && (c.name || c.phone || c.email)) {
			await run(tx, 'saving the reporter contact', 'contact_insert', [
				row.id,
				c.name || null,
				c.phone || null,
				c.email || null
			]);
		}
		await appendEvent(tx, row.id, event, actor.userId);
		await run(tx, 'publishing the new case', 'change_log_insert', [
			row.id,
			'insert',
			row.subdistrictCode
		]);
		const [created] = await run<Row>(tx, 'reading the new case', 'get', [row.id, null]);
		return {
			id: row.id,
			number: row.number,
			trackingCode: created!.trackingCode as string,
			state: 'reported',
			subdistrictCode: row.subdistrictCode,
			deadlineAt: iso(d.deadlineAt),
			version: created!.version as number
		};
	});
}

async function appendEvent(tx: Queryable, id: number, e: CaseEvent, userId: number | null) {
	await run(tx, `recording '${e.action}' on case ${id}`, 'event_insert', [
		id,
		e.action,
		e.from,
		e.to,
		e.role,
		userId,
		e.department,
		e.note,
		new Date(e.at)
	]);
}

/** One event of a case's timeline. */
export interface TimelineEvent {
	seq: number;
	action: CaseAction;
	from: CaseStateOrNew;
	to: CaseState;
	role: CaseRole;
	userId: number | null;
	department: string | null;
	note: string | null;
	at: string;
}

/** One department's part of a dispatch. */
export interface IncidentPart {
	department: string;
	state: JointPartState;
	dispatchedAt: string;
	acknowledgedAt: string | null;
	handledAt: string | null;
}

export interface Incident {
	id: number;
	number: string;
	trackingCode: string;
	categoryCode: string;
	source: string;
	state: CaseState;
	priority: number;
	description: string;
	address: string | null;
	lon: number;
	lat: number;
	gridCellId: number | null;
	communityCode: string | null;
	subdistrictCode: string | null;
	departmentCode: string | null;
	mergedInto: number | null;
	stage: SlaStage | null;
	stageStartedAt: string | null;
	deadlineAt: string | null;
	dueAt: string | null;
	reportedAt: string;
	filedAt: string | null;
	dispatchedAt: string | null;
	respondedAt: string | null;
	handledAt: string | null;
	closedAt: string | null;
	closedOnTime: boolean | null;
	reworkCount: number;
	returnCount: number;
	extended: boolean;
	version: number;
	updatedAt: string;
	urgency: UrgencyTier | null;
}

export interface IncidentDetail extends Incident {
	events: TimelineEvent[];
	parts: IncidentPart[];
	/** The actions the reader's role may take now (the UI's buttons). */
	actions: CaseAction[];
	/** The reporter's contact: only for roles that may read it, audited; null otherwise. */
	contact: Omit<IncidentContact, 'incidentId'> | null;
}

const TIME_FIELDS = [
	'stageStartedAt',
	'deadlineAt',
	'dueAt',
	'reportedAt',
	'filedAt',
	'dispatchedAt',
	'respondedAt',
	'handledAt',
	'closedAt',
	'updatedAt'
] as const;

function urgencyOf(
	row: {
		categoryCode: string;
		stage: SlaStage | null;
		stageStartedAt: unknown;
		deadlineAt: unknown;
	},
	now: Date,
	cal: WorkingCalendar
): UrgencyTier | null {
	const start = toMs(row.stageStartedAt);
	const deadline = toMs(row.deadlineAt);
	const category = categoryByCode(row.categoryCode);
	if (start === null || deadline === null || row.stage === null || !category) return null;
	const natural = stageLimit(category, row.stage).clock === 'natural';
	return urgency(now, new Date(start), new Date(deadline), { calendar: natural ? null : cal });
}

function shapeIncident(row: Row, now: Date, cal: WorkingCalendar): Incident {
	const out: Record<string, unknown> = { ...row };
	for (const f of TIME_FIELDS) out[f] = iso(toMs(row[f]));
	out.urgency = urgencyOf(row as Parameters<typeof urgencyOf>[0], now, cal);
	return out as unknown as Incident;
}

function shapeEvent(row: Row): TimelineEvent {
	return { ...row, at: iso(toMs(row.at)) } as unknown as TimelineEvent;
}

function shapePart(row: Row): IncidentPart {
	return {
		department: row.department as string,
		state: row.state as JointPartState,
		dispatchedAt: iso(toMs(row.dispatchedAt))!,
		acknowledgedAt: iso(toMs(row.acknowledgedAt)),
		handledAt: iso(toMs(row.handledAt))
	};
}

async function loadDetail(
	tx: Queryable,
	actor: Actor,
	id: number,
	opts: ServiceOptions
): Promise<Omit<IncidentDetail, 'contact'> | null> {
	const [row] = await run(tx, `reading case ${id}`, 'get', [id, scopeParam(actor)]);
	if (!row) return null;
	const events = await run(tx, `reading the timeline of case ${id}`, 'events', [id]);
	const parts = await run(tx, `reading the parts of case ${id}`, 'parts', [id]);
	const incident = shapeIncident(row, opts.now ?? new Date(), opts.calendar ?? DEFAULT_CALENDAR);
	return {
		...incident,
		events: events.map(shapeEvent),
		parts: parts.map(shapePart),
		actions: availableActionsForAppRole(actor.role, incident.state)
	};
}

/**
 * One case with its timeline, parts and (for roles that may, audited) the reporter's contact.
 * @throws ScopeError (404) when the case does not exist or is outside the reader's scope
 */
export async function getIncident(
	db: Db,
	actor: Actor,
	id: number,
	opts: ServiceOptions & { client?: string | null } = {}
): Promise<IncidentDetail> {
	requireCapability(actor, 'incident.read');
	const detail = await loadDetail(db, actor, id, opts);
	if (!detail) throw new ScopeError();
	let contact: IncidentDetail['contact'] = null;
	if (can(actor, 'incident.contact.read')) {
		try {
			const c = await readIncidentContact(db, actor, id, opts.client ?? null);
			contact = { name: c.name, phone: c.phone, email: c.email };
		} catch (e) {
			// No contact, or (grid worker) not in one of their own cells: the case stays readable.
			if (!(e instanceof ScopeError)) throw e;
		}
	}
	return { ...detail, contact };
}

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
	const cal = opts.calendar ?? DEFAULT_CALENDAR;
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

export const transitionSchema = z
	.object({
		action: z.enum(CASE_ACTIONS).refine((a) => a !== 'report', 'a case is reported by creating it'),
		expectedVersion: z.number().int().min(1),
		reason: z.string().trim().max(2000).optional(),
		note: z.string().trim().max(2000).optional(),
		// Several departments = a joint dispatch (吹哨报到); the first one leads.
		departments: z
			.array(departmentCode)
			.min(1)
			.max(10)
			.refine((d) => new Set(d).size === d.length, 'must not repeat a department')
			.optional(),
		mergeInto: z.number().int().min(1).optional()
	})
	.strict();
export type TransitionInput = z.input<typeof transitionSchema>;

const DISPATCHING: readonly CaseAction[] = ['dispatch', 'reroute', 'redispatch', 'resume'];
const PART_STATE: Partial<Record<CaseAction, JointPartState>> = {
	dispatch: 'dispatched',
	reroute: 'dispatched',
	redispatch: 'dispatched',
	resume: 'dispatched',
	accept: 'in_progress',
	handle: 'handled',
	return: 'returned'
};

/**
 * The duty list's department for a case: the best routing rule, else the category's default.
 * @returns the department code and whether it is configured for auto-dispatch
 */
export async function suggestDepartment(
	db: Queryable,
	categoryCodeValue: string,
	subdistrictCode: string | null
): Promise<{ department: string; autoDispatch: boolean } | null> {
	const [rule] = await run<{ department: string; autoDispatch: boolean }>(
		db,
		'looking up the duty list',
		'route',
		[categoryCodeValue, subdistrictCode]
	);
	if (rule) return rule;
	const fallback = DEFAULT_DEPARTMENT_BY_CATEGORY[categoryCodeValue];
	return fallback ? { department: fallback, autoDispatch: false } : null;
}

/** The department an account works for (its staff then act as that department), or null. */
async function actorDepartment(tx: Queryable, actor: Actor): Promise<string | null> {
	if (actor.userId === null || caseRolesFor(actor.role).length === 0) return null;
	const [u] = await run<{ department: string | null }>(
		tx,
		'reading the actor department',
		'user_department',
		[actor.userId]
	);
	return u?.department ?? null;
}

/**
 * The case roles this actor holds on this case: staff of a department with a live part (or, for
 * a case without parts, the case's department) also act as that department.
 */
function rolesOn(
	actor: Actor,
	userDepartment: string | null,
	current: Pick<IncidentDetail, 'parts' | 'departmentCode'>
): CaseRole[] {
	const roles = [...caseRolesFor(actor.role)];
	if (userDepartment === null) return roles;
	const mine =
		current.parts.length > 0
			? current.parts.some((p) => p.department === userDepartment && p.state !== 'returned')
			: current.departmentCode === userDepartment;
	if (mine) roles.push('department');
	return roles;
}

/** Moves a department makes on its own part of a dispatch. */
const PART_ACTIONS: readonly CaseAction[] = ['accept', 'handle', 'return'];
/** The part states each part move may start from. */
const PART_FROM: Partial<Record<CaseAction, readonly JointPartState[]>> = {
	accept: ['dispatched'],
	handle: ['in_progress'],
	return: ['dispatched', 'in_progress']
};
/** The case-level move that takes a joint case to the state its parts imply. */
const CASE_ACTION_FOR_JOINT: Partial<Record<CaseState, CaseAction>> = {
	in_progress: 'accept',
	handled: 'handle',
	returned: 'return'
};

/** False for a department's move on its part that left the case where it was. */
function isCaseMove(e: Pick<CaseEvent, 'action' | 'from' | 'to'>): boolean {
	return !(e.from === e.to && PART_ACTIONS.includes(e.action));
}

function toCaseEvent(row: Row): CaseEvent {
	return {
		action: row.action as CaseAction,
		from: (row.from as CaseStateOrNew) ?? null,
		to: row.to as CaseState,
		role: row.role as CaseRole,
		department: (row.department as string | null) ?? null,
		note: (row.note as string | null) ?? null,
		at: toMs(row.at)!
	};
}

/** Writes the derived columns at the expected version; null when someone else moved first. */
async function applyMove(
	tx: Queryable,
	id: number,
	version: number,
	d: Derived,
	at: number,
	mergedInto: number | null,
	fallbackDepartment: string | null
): Promise<{ version: number; subdistrictCode: string | null } | null> {
	const [updated] = await run<{ version: number; subdistrictCode: string | null }>(
		tx,
		`moving case ${id}`,
		'update_transition',
		[
			id,
			version,
			d.state,
			d.department ?? fallbackDepartment,
			d.stage,
			iso(d.stageStartedAt),
			iso(d.deadlineAt),
			iso(d.dueAt),
			iso(d.filedAt),
			iso(d.dispatchedAt),
			iso(d.respondedAt),
			iso(d.handledAt),
			iso(d.closedAt),
			d.closedOnTime,
			d.reworkCount,
			d.returnCount,
			d.extended,
			new Date(at),
			mergedInto
		]
	);
	return updated ?? null;
}

/**
 * Moves a case one step, in one transaction: role and state checked against the case table, the
 * row updated only at the expected version (else 409 with the fresh case), one event appended,
 * the clocks and counters re-derived from the whole history, the department parts recorded and a
 * change published. A dispatch to several departments is a joint dispatch: each department moves
 * its own part and the case follows when the parts together say so (`jointCaseState`). Filing a
 * case whose duty-list rule says auto-dispatch also dispatches it, as the system.
 * @throws ScopeError 404 (not in scope), IncidentError 403/409/422, ZodError 400
 */
export async function transitionIncident(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown,
	opts: ServiceOptions = {}
): Promise<IncidentDetail> {
	requireCapability(actor, 'incident.transition');
	const body = transitionSchema.parse(input);
	const cal = opts.calendar ?? DEFAULT_CALENDAR;
	const now = opts.now ?? new Date();
	const detail = await db.transaction(async (tx) => {
		await setActor(tx, actor);
		const current = await loadDetail(tx, actor, id, opts);
		if (!current) throw new ScopeError();
		if (current.version !== body.expectedVersion) {
			throw new IncidentError(
				409,
				'version_conflict',
				`Case ${current.number} was changed by someone else (version ${current.version}, expected ${body.expectedVersion})`,
				current
			);
		}
		const category = categoryOf(current.categoryCode);
		const state = current.state;
		const userDepartment = await actorDepartment(tx, actor);
		const roles = rolesOn(actor, userDepartment, current);
		if (roles.length === 0) throw new PermissionError(403, 'incident.transition');
		const history = (await run(tx, `reading the history of case ${id}`, 'events', [id])).map(
			toCaseEvent
		);
		// why: a department's move on its own part of a joint case is on the timeline but moves
		// no case state; the clocks are derived from the case-level moves only.
		const caseHistory = history.filter(isCaseMove);
		const refusal = (e: unknown): unknown =>
			e instanceof TransitionError ? fromTransitionError(e, current) : e;

		let action: CaseAction = body.action;
		let role: CaseRole;
		let to: CaseState;
		let department: string | null = null;
		const partMoves: { department: string; state: JointPartState }[] = [];
		const notes: (string | undefined | null)[] = [body.reason, body.note];
		const ownPart = current.parts.find((p) => p.department === userDepartment);

		if (PART_ACTIONS.includes(body.action) && roles.includes('department') && ownPart) {
			// The department acts on its part; the case moves when all parts together say so.
			role = 'department';
			department = ownPart.department;
			if (!PART_FROM[body.action]!.includes(ownPart.state)) {
				throw new IncidentError(
					409,
					'illegal_transition',
					`Action '${body.action}' is not allowed on a part in state '${ownPart.state}'`,
					current
				);
			}
			if (REASON_REQUIRED.includes(body.action) && (body.reason ?? '') === '') {
				throw new IncidentError(422, 'reason_required', `Action '${body.action}' needs a reason`);
			}
			const partTo = PART_STATE[body.action]!;
			partMoves.push({ department: ownPart.department, state: partTo });
			const implied = jointCaseState(
				current.parts.map((p) => (p.department === ownPart.department ? partTo : p.state))
			);
			const caseAction = implied === state ? undefined : CASE_ACTION_FOR_JOINT[implied];
			if (caseAction) {
				action = caseAction;
				try {
					to = transition('department', state, caseAction, { reason: body.reason ?? null });
				} catch (e) {
					throw refusal(e);
				}
				if (caseAction !== body.action) notes.unshift(`${department}: ${body.action}`);
			} else {
				to = state;
			}
		} else {
			role =
				roles.find((r) => roleCan(r, state, body.action)) ??
				roles.find((r) => ACTIONS_BY_ROLE[r].includes(body.action)) ??
				roles[0]!;
			try {
				to = transition(role, state, body.action, { reason: body.reason ?? null });
			} catch (e) {
				throw refusal(e);
			}
			if (DISPATCHING.includes(body.action)) {
				const live = current.parts.filter((p) => p.state !== 'returned').map((p) => p.department);
				const again = body.action === 'resume' || body.action === 'redispatch';
				let departments = body.departments ?? (again && live.length > 0 ? live : null);
				if (!departments && again && current.departmentCode) {
					departments = [current.departmentCode];
				}
				if (!departments) {
					const suggested = await suggestDepartment(tx, category.code, current.subdistrictCode);
					departments = suggested ? [suggested.department] : null;
				}
				if (!departments) {
					throw new IncidentError(
						400,
						'invalid',
						'departments: no department on the duty list; name one'
					);
				}
				department = departments[0]!;
				for (const d of departments) partMoves.push({ department: d, state: 'dispatched' });
				if (isWhistle(departments)) notes.unshift(`吹哨报到: ${departments.join(', ')}`);
			} else if (PART_STATE[body.action] && current.departmentCode !== null) {
				// A case without parts (imported history): the department on the case acts.
				department = current.departmentCode;
				partMoves.push({ department, state: PART_STATE[body.action]! });
			}
		}
		if (action === 'approve_extension' && !hasPendingExtension(caseHistory)) {
			throw new IncidentError(
				409,
				'illegal_transition',
				'No extension request is pending',
				current
			);
		}
		if (action === 'close' && current.parts.length > 0) {
			if (!mayMarkJointHandled(current.parts.map((p) => p.state))) {
				throw new IncidentError(
					409,
					'illegal_transition',
					'Not every dispatched department has finished its part',
					current
				);
			}
		}

		if (action === 'merge') {
			notes.push(await prepareMerge(tx, actor, current, body.mergeInto));
		}

		const last = history[history.length - 1]?.at ?? 0;
		const note = notes.filter((s) => s).join('\n') || null;
		const event: CaseEvent = {
			action,
			from: state,
			to,
			role,
			department,
			note,
			// why: a timeline is strictly ordered even when two moves land in the same millisecond.
			at: Math.max(now.getTime(), last + 1)
		};
		const moved = isCaseMove(event) ? [...caseHistory, event] : caseHistory;
		const updated = await applyMove(
			tx,
			id,
			body.expectedVersion,
			derive(moved, category, cal),
			event.at,
			action === 'merge' ? (body.mergeInto ?? null) : null,
			current.departmentCode
		);
		if (!updated) {
			// why: on PostgreSQL the other move committed between our read and our write.
			const fresh = await loadDetail(tx, actor, id, opts);
			throw new IncidentError(
				409,
				'version_conflict',
				`Case ${current.number} was changed by someone else`,
				fresh
			);
		}
		await appendEvent(tx, id, event, actor.userId);
		for (const p of partMoves) {
			await run(tx, `recording the part of ${p.department}`, 'part_upsert', [
				id,
				p.department,
				p.state,
				new Date(event.at)
			]);
		}
		if (action === 'file') {
			// Where the duty list says so (sensor and emergency categories), filing dispatches at once.
			const route = await suggestDepartment(tx, category.code, current.subdistrictCode);
			if (route?.autoDispatch) {
				const auto: CaseEvent = {
					action: 'dispatch',
					from: to,
					to: transition('system', to, 'dispatch'),
					role: 'system',
					department: route.department,
					note: 'auto-dispatch (duty list)',
					at: event.at + 1
				};
				const again = await applyMove(
					tx,
					id,
					updated.version,
					derive([...moved, auto], category, cal),
					auto.at,
					null,
					current.departmentCode
				);
				if (!again) throw new Error(`auto-dispatch of case ${id} lost its own row`);
				await appendEvent(tx, id, auto, null);
				await run(tx, `recording the part of ${route.department}`, 'part_upsert', [
					id,
					route.department,
					'dispatched',
					new Date(auto.at)
				]);
			}
		}
		await run(tx, 'publishing the case change', 'change_log_insert', [
			id,
			'update',
			updated.subdistrictCode
		]);
		return (await loadDetail(tx, actor, id, opts))!;
	});
	return { ...detail, contact: null };
}

/**
 * Checks a merge target and moves the reporter's contact to it (the reporters follow the master
 * case). @returns the note recording what happened to the contact
 */
async function prepareMerge(
	tx: Queryable,
	actor: Actor,
	current: Omit<IncidentDetail, 'contact'>,
	target: number | undefined
): Promise<string> {
	if (target === undefined) {
		throw new IncidentError(400, 'invalid', 'mergeInto: the master case is required to merge');
	}
	if (target === current.id) {
		throw new IncidentError(400, 'invalid', 'mergeInto: a case cannot be merged into itself');
	}
	const [master] = await run(tx, `reading master case ${target}`, 'get', [
		target,
		scopeParam(actor)
	]);
	if (!master) throw new IncidentError(400, 'invalid', 'mergeInto: no such case in your scope');
	if (!canMergeInto(master.state as CaseState)) {
		throw new IncidentError(409, 'illegal_transition', 'mergeInto: the master case is not open');
	}
	const moved = await run(tx, 'moving the reporter contact', 'contact_move', [current.id, target]);
	return moved.length > 0
		? `Merged into ${master.number as string}; reporter contact moved to it`
		: `Merged into ${master.number as string}`;
}

export const duplicatesQuerySchema = z
	.object({
		category: categoryCode,
		lon: z.coerce.number().pipe(lon),
		lat: z.coerce.number().pipe(lat),
		at: z.coerce.date().optional()
	})
	.strict();

/** Defaults of the duplicate window (issue 5 §4): 50 m and 72 h. */
export const DUPLICATE_DEFAULTS = Object.freeze({ radiusM: 50, windowHours: 72, limit: 20 });

export interface DuplicateCandidate {
	id: number;
	number: string;
	state: CaseState;
	categoryCode: string;
	reportedAt: string;
	subdistrictCode: string | null;
	lon: number;
	lat: number;
	distanceM: number;
}

/**
 * Open cases of the same category near a report in space and time: the likely duplicates an
 * operator is offered before filing (geography distance on PostGIS, index-filtered).
 */
export async function findLikelyDuplicates(
	db: Queryable,
	actor: Actor,
	query: unknown,
	opts: ServiceOptions & { radiusM?: number; windowHours?: number; limit?: number } = {}
): Promise<DuplicateCandidate[]> {
	requireCapability(actor, 'incident.read');
	const q = duplicatesQuerySchema.parse(query);
	const radius = opts.radiusM ?? DUPLICATE_DEFAULTS.radiusM;
	const hours = opts.windowHours ?? DUPLICATE_DEFAULTS.windowHours;
	const at = q.at ?? opts.now ?? new Date();
	const rows = await run(db, 'looking for duplicate cases', 'duplicates', [
		q.category,
		q.lon,
		q.lat,
		at,
		radius,
		hours,
		[...OPEN_STATES, 'outstanding'],
		scopeParam(actor),
		opts.limit ?? DUPLICATE_DEFAULTS.limit
	]);
	return rows.map((r) => ({ ...r, reportedAt: iso(toMs(r.reportedAt))! }) as DuplicateCandidate);
}
