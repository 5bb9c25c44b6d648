/**
 * The case page's buttons (src/lib/cases/actions.ts) against the domain's cycle table: for every
 * app role × state × action, a button shows exactly when one of the role's case roles may take
 * the action from that state — read straight from TRANSITIONS and ACTIONS_BY_ROLE here, not
 * through the helper under test — plus the department's moves on its own part of a dispatch and
 * the extension pair.
 */
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/lib/domain/actor';
import {
	ACTIONS_BY_ROLE,
	CASE_ACTIONS,
	CASE_STATES,
	TRANSITIONS,
	availableActionsForAppRole,
	caseRolesFor,
	type CaseAction,
	type CaseState,
	type JointPartState
} from '../../src/lib/domain/cases';
import { allowedActions, caseRolesOn, type ActionContext } from '../../src/lib/cases/actions';

const base = (role: ActionContext['role'], state: CaseState): ActionContext => ({
	role,
	state,
	myDepartment: null,
	parts: [],
	departmentCode: null,
	events: []
});

/** The table's answer, read from the raw data. */
function fromTable(roles: readonly string[], state: CaseState, action: CaseAction): boolean {
	return roles.some(
		(r) =>
			(ACTIONS_BY_ROLE as Record<string, readonly CaseAction[]>)[r]!.includes(action) &&
			TRANSITIONS[action].from.includes(state)
	);
}

describe('allowedActions, every role × state × action', () => {
	it('matches the cycle table for readers without a department', () => {
		let checked = 0;
		for (const role of ROLES) {
			for (const state of CASE_STATES) {
				const shown = allowedActions(base(role, state));
				for (const action of CASE_ACTIONS) {
					const expected =
						action !== 'report' &&
						action !== 'approve_extension' &&
						fromTable(caseRolesFor(role), state, action);
					expect(shown.includes(action), `${role} ${state} ${action}`).toBe(expected);
					checked++;
				}
				// And the same list the API's detail carries, minus what needs more than the table.
				expect(shown).toEqual(
					availableActionsForAppRole(role, state).filter(
						(a) => a !== 'report' && a !== 'approve_extension'
					)
				);
			}
		}
		expect(checked).toBe(ROLES.length * CASE_STATES.length * CASE_ACTIONS.length);
	});

	it('shows nothing at all to planners, leaders and the public', () => {
		for (const role of ['planner', 'leader', 'public'] as const) {
			for (const state of CASE_STATES) expect(allowedActions(base(role, state))).toEqual([]);
		}
	});

	it('offers approve_extension only while a request is pending, and no second request', () => {
		const pending = { events: [{ action: 'request_extension' as const }] };
		expect(allowedActions({ ...base('operator', 'dispatched'), ...pending })).toContain(
			'approve_extension'
		);
		const answered = {
			events: [{ action: 'request_extension' as const }, { action: 'approve_extension' as const }]
		};
		expect(allowedActions({ ...base('operator', 'dispatched'), ...answered })).not.toContain(
			'approve_extension'
		);
		const dept: ActionContext = {
			...base('operator', 'in_progress'),
			myDepartment: 'sanitation',
			parts: [{ department: 'sanitation', state: 'in_progress' }],
			departmentCode: 'sanitation'
		};
		expect(allowedActions(dept)).toContain('request_extension');
		expect(allowedActions({ ...dept, ...pending })).not.toContain('request_extension');
	});
});

describe('a department on its part', () => {
	const staff = (
		state: CaseState,
		parts: { department: string; state: JointPartState }[],
		myDepartment = 'sanitation'
	): ActionContext => ({
		...base('operator', state),
		myDepartment,
		parts,
		departmentCode: parts[0]?.department ?? null
	});

	it('acts as the department only with a live part of its own', () => {
		expect(
			caseRolesOn(staff('dispatched', [{ department: 'sanitation', state: 'dispatched' }]))
		).toEqual(['command', 'department']);
		expect(
			caseRolesOn(staff('dispatched', [{ department: 'water', state: 'dispatched' }]))
		).toEqual(['command']);
		expect(
			caseRolesOn(staff('returned', [{ department: 'sanitation', state: 'returned' }]))
		).toEqual(['command']);
		// A case without parts (imported history): the case's department acts.
		expect(caseRolesOn({ ...staff('dispatched', []), departmentCode: 'sanitation' })).toEqual([
			'command',
			'department'
		]);
		// Leaders have no case role, so a department on their account changes nothing.
		expect(
			caseRolesOn({
				...staff('dispatched', [{ department: 'sanitation', state: 'dispatched' }]),
				role: 'leader'
			})
		).toEqual([]);
	});

	// The department's staff here hold an operator account, so command's moves (merge, resume)
	// come with it.
	it('accepts, handles and returns by its part, on a single dispatch', () => {
		const one = (s: CaseState, p: JointPartState) =>
			allowedActions(staff(s, [{ department: 'sanitation', state: p }]));
		expect(one('dispatched', 'dispatched')).toEqual([
			'accept',
			'return',
			'merge',
			'request_extension'
		]);
		expect(one('in_progress', 'in_progress')).toEqual([
			'return',
			'handle',
			'merge',
			'request_extension'
		]);
		expect(one('handled', 'handled')).toEqual([]);
		// Outstanding (挂账): the part is still dispatched but the case may not move by it.
		expect(one('outstanding', 'dispatched')).toEqual(['resume', 'merge']);
	});

	it('moves its own part of a joint dispatch whatever the other parts do', () => {
		const joint = staff('in_progress', [
			{ department: 'water', state: 'in_progress' },
			{ department: 'sanitation', state: 'dispatched' }
		]);
		// The case is in progress (water accepted); sanitation may still accept its own part.
		expect(allowedActions(joint)).toEqual(['accept', 'return', 'merge', 'request_extension']);
		const handledOne = staff('in_progress', [
			{ department: 'water', state: 'handled' },
			{ department: 'sanitation', state: 'in_progress' }
		]);
		expect(allowedActions(handledOne)).toEqual(['return', 'handle', 'merge', 'request_extension']);
		const othersOnly = staff(
			'in_progress',
			[
				{ department: 'water', state: 'handled' },
				{ department: 'sanitation', state: 'in_progress' }
			],
			'gardens'
		);
		expect(allowedActions(othersOnly)).toEqual(['merge']);
	});
});
