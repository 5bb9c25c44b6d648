/** Moving a case one step of the cycle (with joint dispatch, auto-dispatch and merge). */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import {
	ACTIONS_BY_ROLE,
	CASE_ACTIONS,
	TransitionError,
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
	type JointPartState
} from '../../domain/cases';
import { requireCapability, PermissionError, ScopeError } from '../../domain/permissions';
import type { Db, Queryable, Row } from '../db';
import { setActor } from '../auth/rls';
import { derive, type CaseEvent, type Derived } from '../seed/lifecycle';
import { IncidentError, fromTransitionError } from './errors';
import {
	appendEvent,
	categoryOf,
	departmentCode,
	iso,
	loadDetail,
	run,
	storePhotos,
	toMs,
	type IncidentDetail,
	type WriteOptions
} from './common';
import { workingCalendar } from './calendar';
import { recordExtension } from './extensions';
import { suggestDepartment } from './routing';

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
	opts: WriteOptions = {}
): Promise<IncidentDetail> {
	requireCapability(actor, 'incident.transition');
	const body = transitionSchema.parse(input);
	const cal = opts.calendar ?? (await workingCalendar(db));
	const timed = { now: opts.now, calendar: cal };
	const now = opts.now ?? new Date();
	const detail = await db.transaction(async (tx) => {
		await setActor(tx, actor);
		const current = await loadDetail(tx, actor, id, timed);
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
		let routingRuleId: number | null = null;
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
					routingRuleId = suggested?.ruleId ?? null;
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
		if (
			action === 'request_extension' &&
			(await run(tx, `reading the extensions of case ${id}`, 'extension_pending', [id])).length > 0
		) {
			throw new IncidentError(
				409,
				'illegal_transition',
				'An extension request is already pending',
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
			const fresh = await loadDetail(tx, actor, id, timed);
			throw new IncidentError(
				409,
				'version_conflict',
				`Case ${current.number} was changed by someone else`,
				fresh
			);
		}
		const photos = await storePhotos(tx, id, opts.photos ?? []);
		await appendEvent(tx, id, event, actor.userId, { photos, routingRuleId });
		const lastRequest = caseHistory.findLast((e) => e.action === 'request_extension');
		await recordExtension(tx, {
			id,
			action,
			caseMove: isCaseMove(event),
			at: event.at,
			userId: actor.userId,
			department: department ?? userDepartment ?? current.departmentCode,
			reason: body.reason ?? null,
			note: body.note ?? null,
			category,
			pending: hasPendingExtension(caseHistory),
			request: lastRequest ? { at: lastRequest.at, note: lastRequest.note } : null
		});
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
				await appendEvent(tx, id, auto, null, { routingRuleId: route.ruleId });
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
		return (await loadDetail(tx, actor, id, timed))!;
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
