/**
 * Which buttons the case page shows: the actions the reader may take on this case now, derived
 * from the one cycle table (src/lib/domain/cases.ts) the server enforces — never a list of its
 * own. Mirrors the service's reading of the table: an account that works for a department with a
 * live part of the case also acts as that department, and such a department moves its own part
 * (accept, handle, return by the part's state); an extension can be approved only while one is
 * pending. Pure: shared by the page and its unit test.
 */
import type { Role } from '../domain/actor';
import {
	CASE_ACTIONS,
	can,
	caseRolesFor,
	hasPendingExtension,
	jointCaseState,
	type CaseAction,
	type CaseRole,
	type CaseState,
	type JointPartState
} from '../domain/cases';

/** Moves a department makes on its own part of a (joint) dispatch. */
export const PART_ACTIONS: readonly CaseAction[] = ['accept', 'handle', 'return'];

const PART_FROM: Readonly<Partial<Record<CaseAction, readonly JointPartState[]>>> = {
	accept: ['dispatched'],
	handle: ['in_progress'],
	return: ['dispatched', 'in_progress']
};
const PART_TO: Readonly<Partial<Record<CaseAction, JointPartState>>> = {
	accept: 'in_progress',
	handle: 'handled',
	return: 'returned'
};
/** The case move that takes a joint case to the state its parts imply. */
const CASE_ACTION_FOR_JOINT: Readonly<Partial<Record<CaseState, CaseAction>>> = {
	in_progress: 'accept',
	handled: 'handle',
	returned: 'return'
};

/** What the page knows about the case and the reader. */
export interface ActionContext {
	role: Role;
	state: CaseState;
	/** The department the reader's account works for, or null. */
	myDepartment: string | null;
	parts: readonly { department: string; state: JointPartState }[];
	departmentCode: string | null;
	events: readonly { action: CaseAction }[];
}

/** The case roles the reader holds on this case (their app role's, plus their department's). */
export function caseRolesOn(ctx: ActionContext): CaseRole[] {
	const roles = [...caseRolesFor(ctx.role)];
	if (ctx.myDepartment === null || roles.length === 0) return roles;
	const mine =
		ctx.parts.length > 0
			? ctx.parts.some((p) => p.department === ctx.myDepartment && p.state !== 'returned')
			: ctx.departmentCode === ctx.myDepartment;
	if (mine && !roles.includes('department')) roles.push('department');
	return roles;
}

/** Whether a department may move its own part: the part's state, then the case move it implies. */
function partMoveAllowed(ctx: ActionContext, action: CaseAction): boolean {
	const own = ctx.parts.find((p) => p.department === ctx.myDepartment);
	if (!own) return false;
	if (!PART_FROM[action]!.includes(own.state)) return false;
	const implied = jointCaseState(
		ctx.parts.map((p) => (p.department === own.department ? PART_TO[action]! : p.state))
	);
	if (implied === ctx.state) return true;
	const caseAction = CASE_ACTION_FOR_JOINT[implied];
	return caseAction !== undefined && can('department', ctx.state, caseAction);
}

/**
 * The actions the reader may take now, in the table's order ('report' never: a case is reported
 * by creating it). 'merge' is included when allowed; the page offers it next to a duplicate.
 * @example allowedActions({ role: 'operator', state: 'filed', myDepartment: null, parts: [], departmentCode: null, events: [] }) // ['dispatch', 'merge']
 */
export function allowedActions(ctx: ActionContext): CaseAction[] {
	const roles = caseRolesOn(ctx);
	const ownPart =
		roles.includes('department') && ctx.parts.some((p) => p.department === ctx.myDepartment);
	const pending = hasPendingExtension(ctx.events);
	return CASE_ACTIONS.filter((a) => {
		if (a === 'report') return false;
		if (a === 'approve_extension' && !pending) return false;
		if (a === 'request_extension' && pending) return false;
		if (PART_ACTIONS.includes(a) && ownPart) {
			return (
				partMoveAllowed(ctx, a) || roles.some((r) => r !== 'department' && can(r, ctx.state, a))
			);
		}
		return roles.some((r) => can(r, ctx.state, a));
	});
}

/** Actions whose form asks for a written reason (the server refuses them without one). */
export { REASON_REQUIRED } from '../domain/cases';
