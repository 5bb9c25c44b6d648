/**
 * The national case cycle (案件流程) as a pure state machine: which case role may take which
 * action in which state, where each action leads, and which SLA clock each move starts.
 *
 * Report → file (立案) → dispatch (派遣) → accept/handle (处置) → verify (核查) → close (结案), with
 * the side roads real offices need: reject (not a case), return (the department is not
 * responsible, re-routed by command), reopen (verification failed, counts as rework), hang
 * (挂账, logged outstanding rather than silently left open) and merge (duplicate).
 *
 * Everything here is data plus small functions, so the client can grey out buttons and the
 * server can refuse the same moves from one table (ARCHITECTURE.md, "lib/domain").
 */
import type { Role } from './actor';

/** Every state a case can be in. */
export const CASE_STATES = [
	'reported',
	'filed',
	'dispatched',
	'in_progress',
	'handled',
	'verified',
	'closed',
	'rejected',
	'returned',
	'reopened',
	'outstanding',
	'merged'
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * Who acts in the workflow. Supervision (监督中心) and command (指挥中心) are separate on purpose:
 * the one that files and verifies must not be the one that dispatches. `system` is sensor rules,
 * auto-dispatch and timers.
 */
export const CASE_ROLES = [
	'supervision',
	'command',
	'department',
	'gridworker',
	'resident',
	'system'
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

/** Every workflow action, in the order a case usually meets them (also the UI's button order). */
export const CASE_ACTIONS = [
	'report',
	'file',
	'reject',
	'dispatch',
	'accept',
	'return',
	'reroute',
	'handle',
	'verify',
	'fail_verification',
	'redispatch',
	'close',
	'hang',
	'resume',
	'merge',
	'request_extension',
	'approve_extension'
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The SLA stages a case is timed on; limits per stage live on the category. */
export const SLA_STAGES = ['filing', 'handling', 'verification'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/**
 * The state before a case exists. `report` is the only action that applies to it; modelling it
 * as a state keeps "who may create a case" in the same table as every other permission.
 */
export type CaseStateOrNew = CaseState | null;

/** Where an action may start and where it leads; `to: 'same'` records without moving. */
interface Transition {
	readonly from: readonly CaseStateOrNew[];
	readonly to: CaseState | 'same';
}

/** Open states from which a duplicate may still be merged into another case. */
const MERGEABLE: readonly CaseState[] = [
	'reported',
	'filed',
	'dispatched',
	'in_progress',
	'returned',
	'reopened',
	'outstanding'
];

/**
 * The transition table. Handled and verified cases are not mergeable: the work is done, so the
 * honest move is to close them, not to fold them into another case.
 */
export const TRANSITIONS: Readonly<Record<CaseAction, Transition>> = {
	report: { from: [null], to: 'reported' },
	file: { from: ['reported'], to: 'filed' },
	reject: { from: ['reported'], to: 'rejected' },
	dispatch: { from: ['filed'], to: 'dispatched' },
	accept: { from: ['dispatched'], to: 'in_progress' },
	return: { from: ['dispatched', 'in_progress'], to: 'returned' },
	reroute: { from: ['returned'], to: 'dispatched' },
	handle: { from: ['in_progress'], to: 'handled' },
	verify: { from: ['handled'], to: 'verified' },
	fail_verification: { from: ['handled'], to: 'reopened' },
	redispatch: { from: ['reopened'], to: 'dispatched' },
	close: { from: ['verified'], to: 'closed' },
	hang: { from: ['filed', 'dispatched', 'in_progress', 'reopened'], to: 'outstanding' },
	resume: { from: ['outstanding'], to: 'dispatched' },
	merge: { from: MERGEABLE, to: 'merged' },
	// Extensions are asked for and granted while the handling clock runs; they move no state.
	request_extension: { from: ['dispatched', 'in_progress'], to: 'same' },
	approve_extension: { from: ['dispatched', 'in_progress'], to: 'same' }
};

/**
 * Which actions each case role may take at all (the state decides the rest). Extension approval
 * sits with command, as in the national digital-city-management model where the command centre
 * reviews departments' extension and return requests. Timers (`system`) change no state: overdue
 * is computed from the deadline (see sla.ts), never a state of its own.
 */
export const ACTIONS_BY_ROLE: Readonly<Record<CaseRole, readonly CaseAction[]>> = {
	supervision: [
		'report',
		'file',
		'reject',
		'verify',
		'fail_verification',
		'close',
		'hang',
		'merge'
	],
	command: ['report', 'dispatch', 'reroute', 'redispatch', 'resume', 'merge', 'approve_extension'],
	department: ['accept', 'return', 'handle', 'request_extension'],
	gridworker: ['report', 'verify', 'fail_verification'],
	resident: ['report'],
	system: ['report', 'file', 'dispatch']
};

/** States a case never leaves. */
export const TERMINAL_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];

/**
 * States that belong in working queues. Outstanding (挂账) cases are neither terminal nor in a
 * queue: they are listed separately so they stay visible without clogging daily work.
 */
export const OPEN_STATES: readonly CaseState[] = [
	'reported',
	'filed',
	'dispatched',
	'in_progress',
	'handled',
	'verified',
	'returned',
	'reopened'
];

/** Whose queue a case in each state sits in: the role expected to act next. */
export const QUEUE_OWNER: Readonly<Record<CaseState, CaseRole | null>> = {
	reported: 'supervision',
	filed: 'command',
	dispatched: 'department',
	in_progress: 'department',
	handled: 'supervision',
	verified: 'supervision',
	returned: 'command',
	reopened: 'command',
	outstanding: null,
	closed: null,
	rejected: null,
	merged: null
};

/**
 * The SLA stage whose clock runs while a case sits in each state. A returned or reopened case
 * waits at the command centre to be dispatched again, so it runs on the filing+dispatch limit;
 * outstanding and finished cases run no clock.
 */
export const SLA_STAGE_BY_STATE: Readonly<Record<CaseState, SlaStage | null>> = {
	reported: 'filing',
	filed: 'filing',
	dispatched: 'handling',
	in_progress: 'handling',
	handled: 'verification',
	verified: null,
	returned: 'filing',
	reopened: 'filing',
	outstanding: null,
	closed: null,
	rejected: null,
	merged: null
};

/** Actions that must carry a written reason, because someone downstream has to act on it. */
export const REASON_REQUIRED: readonly CaseAction[] = [
	'reject',
	'return',
	'fail_verification',
	'hang',
	'merge',
	'request_extension'
];

/** Why a move was refused. */
export type TransitionErrorCode = 'illegal_transition' | 'forbidden' | 'reason_required';

/** Thrown for any refused move; `code` lets callers map it (409 for illegal, 403 for forbidden). */
export class TransitionError extends Error {
	override readonly name = 'TransitionError';
	readonly code: TransitionErrorCode;
	readonly from: CaseStateOrNew;
	readonly action: CaseAction;
	readonly role: CaseRole | null;

	constructor(
		code: TransitionErrorCode,
		from: CaseStateOrNew,
		action: CaseAction,
		role: CaseRole | null = null
	) {
		const where = from === null ? 'a new case' : `state '${from}'`;
		const messages: Record<TransitionErrorCode, string> = {
			illegal_transition: `Action '${action}' is not allowed from ${where}`,
			forbidden: `Role '${role ?? '?'}' may not '${action}' from ${where}`,
			reason_required: `Action '${action}' needs a reason`
		};
		super(messages[code]);
		this.code = code;
		this.from = from;
		this.action = action;
		this.role = role;
	}
}

/** True for closed, rejected and merged. */
export function isTerminal(state: CaseState): boolean {
	return TERMINAL_STATES.includes(state);
}

/** True for states that belong in a working queue (see {@link OPEN_STATES}). */
export function isOpen(state: CaseState): boolean {
	return OPEN_STATES.includes(state);
}

/**
 * Where an action leads, ignoring who takes it.
 * @param state the current state, or null for a case not yet reported
 * @param action the action taken
 * @returns the next state (the same state for extension requests and approvals)
 * @throws {TransitionError} code 'illegal_transition' when the action does not apply
 * @example nextState('filed', 'dispatch') // 'dispatched'
 */
export function nextState(state: CaseStateOrNew, action: CaseAction): CaseState {
	const t = TRANSITIONS[action];
	if (!t.from.includes(state)) throw new TransitionError('illegal_transition', state, action);
	if (t.to === 'same') {
		// `from` never lists null for a 'same' action, so state is a real state here.
		if (state === null) throw new TransitionError('illegal_transition', state, action);
		return state;
	}
	return t.to;
}

/**
 * Whether a case role may take an action in a state.
 * @example can('department', 'dispatched', 'accept') // true
 */
export function can(role: CaseRole, state: CaseStateOrNew, action: CaseAction): boolean {
	return ACTIONS_BY_ROLE[role].includes(action) && TRANSITIONS[action].from.includes(state);
}

/**
 * The actions a role may take in a state, in {@link CASE_ACTIONS} order (for buttons and menus).
 * @example availableActions('command', 'filed') // ['dispatch', 'merge']
 */
export function availableActions(role: CaseRole, state: CaseStateOrNew): CaseAction[] {
	return CASE_ACTIONS.filter((a) => can(role, state, a));
}

/**
 * The full check a service runs before recording a move: the role, the state and the reason.
 * @param opts.reason free text; required (non-blank) for the actions in {@link REASON_REQUIRED}
 * @returns the next state
 * @throws {TransitionError} 'illegal_transition', 'forbidden' or 'reason_required'
 */
export function transition(
	role: CaseRole,
	state: CaseStateOrNew,
	action: CaseAction,
	opts: { reason?: string | null } = {}
): CaseState {
	const to = nextState(state, action);
	if (!ACTIONS_BY_ROLE[role].includes(action)) {
		throw new TransitionError('forbidden', state, action, role);
	}
	if (REASON_REQUIRED.includes(action) && (opts.reason ?? '').trim() === '') {
		throw new TransitionError('reason_required', state, action, role);
	}
	return to;
}

/** Case roles held by each app role (actor.ts). Planners and leaders watch; they do not act. */
const CASE_ROLES_BY_APP_ROLE: Readonly<Record<Role, readonly CaseRole[]>> = {
	public: ['resident'],
	gridworker: ['gridworker'],
	operator: ['command'],
	supervisor: ['supervision'],
	planner: [],
	leader: [],
	// Small offices run both centres with the same people, so admin holds both roles.
	admin: ['supervision', 'command']
};

/**
 * The case roles an app role acts as.
 * @example caseRolesFor('admin') // ['supervision', 'command']
 */
export function caseRolesFor(role: Role): readonly CaseRole[] {
	return CASE_ROLES_BY_APP_ROLE[role];
}

/** Whether an app user (by app role) may take an action: any of their case roles may. */
export function appRoleCan(role: Role, state: CaseStateOrNew, action: CaseAction): boolean {
	return caseRolesFor(role).some((r) => can(r, state, action));
}

/** The union of actions over an app role's case roles, in {@link CASE_ACTIONS} order. */
export function availableActionsForAppRole(role: Role, state: CaseStateOrNew): CaseAction[] {
	return CASE_ACTIONS.filter((a) => appRoleCan(role, state, a));
}

/** Failing on-site verification is what the rework rate (返工率) counts. */
export function countsAsRework(action: CaseAction): boolean {
	return action === 'fail_verification';
}

/**
 * The SLA stage a move starts a fresh clock for, or null when it starts none (it continues the
 * running stage, or stops all clocks). Entering `dispatched` always restarts handling, because a
 * re-routed or re-dispatched case goes to a department that has not had the time yet.
 * @example stageStartedBy('filed', 'dispatch') // 'handling'
 */
export function stageStartedBy(from: CaseStateOrNew, action: CaseAction): SlaStage | null {
	const to = nextState(from, action);
	const before = from === null ? null : SLA_STAGE_BY_STATE[from];
	const after = SLA_STAGE_BY_STATE[to];
	return after !== null && after !== before ? after : null;
}

/**
 * The SLA stage a move stops, or null (extension moves and moves within a stage stop nothing).
 * @example stageStoppedBy('in_progress', 'handle') // 'handling'
 */
export function stageStoppedBy(from: CaseStateOrNew, action: CaseAction): SlaStage | null {
	const to = nextState(from, action);
	const before = from === null ? null : SLA_STAGE_BY_STATE[from];
	return before !== null && before !== SLA_STAGE_BY_STATE[to] ? before : null;
}

/** A case may be merged only into another open case (a live duplicate target). */
export function canMergeInto(targetState: CaseState): boolean {
	return isOpen(targetState);
}

/** A dispatch to more than one distinct department is a whistle (吹哨报到). */
export function isWhistle(departmentCodes: readonly string[]): boolean {
	return new Set(departmentCodes).size > 1;
}

/** The state of one department's part of a joint (whistle) dispatch. */
export type JointPartState = 'dispatched' | 'in_progress' | 'handled' | 'returned';

/**
 * Whether a jointly dispatched case may move to `handled`: every part is done. A part the
 * department returned no longer owes work (command re-routes it by adding a new part), but at
 * least one department must actually have handled the case.
 * @example mayMarkJointHandled(['handled', 'returned']) // true
 * @example mayMarkJointHandled(['handled', 'in_progress']) // false
 */
export function mayMarkJointHandled(parts: readonly JointPartState[]): boolean {
	return (
		parts.some((p) => p === 'handled') && parts.every((p) => p === 'handled' || p === 'returned')
	);
}

/**
 * The case-level state implied by its parts: all returned → returned; all live parts handled →
 * handled; any part accepted or done → in_progress; otherwise dispatched.
 * @throws {RangeError} for an empty list (a dispatch names at least one department)
 */
export function jointCaseState(
	parts: readonly JointPartState[]
): 'dispatched' | 'in_progress' | 'handled' | 'returned' {
	if (parts.length === 0) throw new RangeError('A joint dispatch needs at least one part');
	if (parts.every((p) => p === 'returned')) return 'returned';
	if (mayMarkJointHandled(parts)) return 'handled';
	if (parts.some((p) => p === 'in_progress' || p === 'handled')) return 'in_progress';
	return 'dispatched';
}

/**
 * Whether an extension request is still waiting after an action. Only `accept` keeps a request
 * alive (same department, same clock); any other move ends the handling stage or hands the case
 * to a fresh clock, so a request made before it can no longer be approved.
 */
function stepPendingExtension(pending: boolean, action: CaseAction): boolean {
	if (action === 'request_extension') return true;
	if (action === 'approve_extension') return false;
	return action === 'accept' ? pending : false;
}

/**
 * Whether the last extension request in a history is still waiting for approval; services
 * offer `approve_extension` only then.
 */
export function hasPendingExtension(events: readonly { readonly action: CaseAction }[]): boolean {
	return events.reduce((p, e) => stepPendingExtension(p, e.action), false);
}

/** One recorded move, as stored in `incident_event`. `role` is checked when present. */
export interface CaseHistoryEvent {
	readonly action: CaseAction;
	readonly from: CaseStateOrNew;
	readonly to: CaseState;
	readonly role?: CaseRole;
}

/** The verdict on a history: where and why it first goes wrong. */
export type HistoryCheck = { ok: true } | { ok: false; index: number; reason: string };

/**
 * Check that a history is a legal path: it starts with a report of a new case, each event starts
 * where the previous one ended, leads where the table says, is allowed for its role (when given),
 * and every extension approval answers a pending request.
 * @param opts.start the state before the first event; null (default) demands a report first
 */
export function checkHistory(
	events: readonly CaseHistoryEvent[],
	opts: { start?: CaseStateOrNew } = {}
): HistoryCheck {
	let state: CaseStateOrNew = opts.start ?? null;
	let extensionPending = false;
	if (events.length === 0) return { ok: false, index: 0, reason: 'empty history' };
	for (const [index, e] of events.entries()) {
		if (e.from !== state) {
			return { ok: false, index, reason: `starts at '${e.from}' but the case is at '${state}'` };
		}
		let to: CaseState;
		try {
			to = nextState(state, e.action);
		} catch (err) {
			return { ok: false, index, reason: err instanceof Error ? err.message : String(err) };
		}
		if (to !== e.to) {
			return { ok: false, index, reason: `'${e.action}' leads to '${to}', not '${e.to}'` };
		}
		if (e.role !== undefined && !can(e.role, state, e.action)) {
			return { ok: false, index, reason: `role '${e.role}' may not '${e.action}'` };
		}
		if (e.action === 'request_extension' && extensionPending) {
			return { ok: false, index, reason: 'an extension is already pending' };
		}
		if (e.action === 'approve_extension' && !extensionPending) {
			return { ok: false, index, reason: 'no extension request pending' };
		}
		extensionPending = stepPendingExtension(extensionPending, e.action);
		state = to;
	}
	return { ok: true };
}

/**
 * True when the events form a legal path from a new case (see {@link checkHistory}).
 * @example isLegalHistory([{ action: 'report', from: null, to: 'reported' }]) // true
 */
export function isLegalHistory(
	events: readonly CaseHistoryEvent[],
	opts: { start?: CaseStateOrNew } = {}
): boolean {
	return checkHistory(events, opts).ok;
}
