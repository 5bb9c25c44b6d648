import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { ROLES } from '$lib/domain/actor';
import {
	ACTIONS_BY_ROLE,
	CASE_ACTIONS,
	CASE_ROLES,
	CASE_STATES,
	OPEN_STATES,
	QUEUE_OWNER,
	TERMINAL_STATES,
	TransitionError,
	appRoleCan,
	availableActions,
	availableActionsForAppRole,
	can,
	canMergeInto,
	caseRolesFor,
	checkHistory,
	countsAsRework,
	hasPendingExtension,
	isLegalHistory,
	isOpen,
	isTerminal,
	isWhistle,
	jointCaseState,
	mayMarkJointHandled,
	nextState,
	stageStartedBy,
	stageStoppedBy,
	transition,
	type CaseAction,
	type CaseHistoryEvent,
	type CaseRole,
	type CaseState,
	type CaseStateOrNew
} from '$lib/domain/cases';

// The vocabulary, written out here so a rename or an addition in the module shows up as a diff.
const ROLE_LIST = ['supervision', 'command', 'department', 'gridworker', 'resident', 'system'];
const STATE_LIST = [
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
];
const ACTION_LIST = [
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
];

type Row = 'new' | CaseState;
const none = { supervision: [], command: [], department: [], gridworker: [], resident: [] };

/**
 * The permission table, by hand: for each state (and 'new', before a case exists), the actions
 * each role may take. Anything not listed is forbidden.
 */
const EXPECTED: Record<Row, Record<CaseRole, CaseAction[]>> = {
	new: {
		supervision: ['report'],
		command: ['report'],
		department: [],
		gridworker: ['report'],
		resident: ['report'],
		system: ['report']
	},
	reported: {
		...none,
		supervision: ['file', 'reject', 'merge'],
		command: ['merge'],
		system: ['file']
	},
	filed: {
		...none,
		supervision: ['hang', 'merge'],
		command: ['dispatch', 'merge'],
		system: ['dispatch']
	},
	dispatched: {
		...none,
		supervision: ['hang', 'merge'],
		command: ['merge', 'approve_extension'],
		department: ['accept', 'return', 'request_extension'],
		system: []
	},
	in_progress: {
		...none,
		supervision: ['hang', 'merge'],
		command: ['merge', 'approve_extension'],
		department: ['return', 'handle', 'request_extension'],
		system: []
	},
	handled: {
		...none,
		supervision: ['verify', 'fail_verification'],
		gridworker: ['verify', 'fail_verification'],
		system: []
	},
	verified: { ...none, supervision: ['close'], system: [] },
	closed: { ...none, system: [] },
	rejected: { ...none, system: [] },
	returned: { ...none, supervision: ['merge'], command: ['reroute', 'merge'], system: [] },
	reopened: {
		...none,
		supervision: ['hang', 'merge'],
		command: ['redispatch', 'merge'],
		system: []
	},
	outstanding: { ...none, supervision: ['merge'], command: ['resume', 'merge'], system: [] },
	merged: { ...none, system: [] }
};

/** Where each legal action leads, by hand. Anything not listed must throw. */
const NEXT: Record<Row, Partial<Record<CaseAction, CaseState>>> = {
	new: { report: 'reported' },
	reported: { file: 'filed', reject: 'rejected', merge: 'merged' },
	filed: { dispatch: 'dispatched', hang: 'outstanding', merge: 'merged' },
	dispatched: {
		accept: 'in_progress',
		return: 'returned',
		hang: 'outstanding',
		merge: 'merged',
		request_extension: 'dispatched',
		approve_extension: 'dispatched'
	},
	in_progress: {
		return: 'returned',
		handle: 'handled',
		hang: 'outstanding',
		merge: 'merged',
		request_extension: 'in_progress',
		approve_extension: 'in_progress'
	},
	handled: { verify: 'verified', fail_verification: 'reopened' },
	verified: { close: 'closed' },
	closed: {},
	rejected: {},
	returned: { reroute: 'dispatched', merge: 'merged' },
	reopened: { redispatch: 'dispatched', hang: 'outstanding', merge: 'merged' },
	outstanding: { resume: 'dispatched', merge: 'merged' },
	merged: {}
};

/** SLA clock effects of every legal move, by hand: [stage started, stage stopped]. */
const SLA: Record<string, [string | null, string | null]> = {
	'new:report': ['filing', null],
	'reported:file': [null, null],
	'reported:reject': [null, 'filing'],
	'reported:merge': [null, 'filing'],
	'filed:dispatch': ['handling', 'filing'],
	'filed:hang': [null, 'filing'],
	'filed:merge': [null, 'filing'],
	'dispatched:accept': [null, null],
	'dispatched:return': ['filing', 'handling'],
	'dispatched:hang': [null, 'handling'],
	'dispatched:merge': [null, 'handling'],
	'dispatched:request_extension': [null, null],
	'dispatched:approve_extension': [null, null],
	'in_progress:return': ['filing', 'handling'],
	'in_progress:handle': ['verification', 'handling'],
	'in_progress:hang': [null, 'handling'],
	'in_progress:merge': [null, 'handling'],
	'in_progress:request_extension': [null, null],
	'in_progress:approve_extension': [null, null],
	'handled:verify': [null, 'verification'],
	'handled:fail_verification': ['filing', 'verification'],
	'verified:close': [null, null],
	'returned:reroute': ['handling', 'filing'],
	'returned:merge': [null, 'filing'],
	'reopened:redispatch': ['handling', 'filing'],
	'reopened:hang': [null, 'filing'],
	'reopened:merge': [null, 'filing'],
	'outstanding:resume': ['handling', null],
	'outstanding:merge': [null, null]
};

const ROWS: Row[] = ['new', ...(STATE_LIST as CaseState[])];
const stateOf = (row: Row): CaseStateOrNew => (row === 'new' ? null : row);

describe('vocabulary', () => {
	it('matches the hand-written lists exactly, in order', () => {
		expect([...CASE_ROLES]).toEqual(ROLE_LIST);
		expect([...CASE_STATES]).toEqual(STATE_LIST);
		expect([...CASE_ACTIONS]).toEqual(ACTION_LIST);
	});

	it('has the terminal and open states of the issue', () => {
		expect([...TERMINAL_STATES].sort()).toEqual(['closed', 'merged', 'rejected']);
		expect([...OPEN_STATES].sort()).toEqual(
			[
				'dispatched',
				'filed',
				'handled',
				'in_progress',
				'reopened',
				'reported',
				'returned',
				'verified'
			].sort()
		);
		expect(isTerminal('closed')).toBe(true);
		expect(isTerminal('outstanding')).toBe(false);
		expect(isOpen('outstanding')).toBe(false);
		expect(isOpen('returned')).toBe(true);
	});
});

describe.each(ROWS)('state %s', (row) => {
	test.each(ROLE_LIST as CaseRole[])('role %s: every action matches the table', (role) => {
		const state = stateOf(row);
		const expected = EXPECTED[row][role];
		for (const action of ACTION_LIST as CaseAction[]) {
			expect(can(role, state, action), `${role} ${action} from ${row}`).toBe(
				expected.includes(action)
			);
		}
		expect(availableActions(role, state)).toEqual(
			(ACTION_LIST as CaseAction[]).filter((a) => expected.includes(a))
		);
	});

	it('nextState matches the table for every action', () => {
		const state = stateOf(row);
		for (const action of ACTION_LIST as CaseAction[]) {
			const to = NEXT[row][action];
			if (to === undefined) {
				expect(() => nextState(state, action), `${action} from ${row}`).toThrow(TransitionError);
			} else {
				expect(nextState(state, action), `${action} from ${row}`).toBe(to);
			}
		}
	});

	it('starts and stops SLA clocks as the table says', () => {
		const state = stateOf(row);
		const listed = Object.keys(SLA).filter((k) => k.startsWith(`${row}:`));
		expect(listed.sort()).toEqual(
			Object.keys(NEXT[row])
				.map((a) => `${row}:${a}`)
				.sort()
		);
		for (const action of Object.keys(NEXT[row]) as CaseAction[]) {
			const key = `${row}:${action}`;
			expect(SLA[key], `missing expectation for ${key}`).toBeDefined();
			expect([stageStartedBy(state, action), stageStoppedBy(state, action)], key).toEqual(SLA[key]);
		}
	});
});

describe('tables agree with each other', () => {
	it('every legal move has at least one role that may make it, and vice versa', () => {
		for (const row of ROWS) {
			const legal = Object.keys(NEXT[row]).sort();
			const allowed = [...new Set(ROLE_LIST.flatMap((r) => EXPECTED[row][r as CaseRole]))].sort();
			expect(allowed, row).toEqual(legal);
		}
	});

	it('ACTIONS_BY_ROLE is the union of the table per role', () => {
		for (const role of ROLE_LIST as CaseRole[]) {
			const union = new Set(ROWS.flatMap((r) => EXPECTED[r][role]));
			expect(new Set(ACTIONS_BY_ROLE[role])).toEqual(union);
		}
	});

	it('every state is reachable from a new case', () => {
		const seen = new Set<CaseStateOrNew>([null]);
		const todo: CaseStateOrNew[] = [null];
		while (todo.length > 0) {
			const s = todo.pop() ?? null;
			for (const a of CASE_ACTIONS) {
				try {
					const t = nextState(s, a);
					if (!seen.has(t)) {
						seen.add(t);
						todo.push(t);
					}
				} catch {
					// not legal from here
				}
			}
		}
		expect(seen.size).toBe(STATE_LIST.length + 1);
	});

	it('queue owners are the roles that can move a case on', () => {
		expect(QUEUE_OWNER).toEqual({
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
		});
		for (const s of CASE_STATES) {
			const owner = QUEUE_OWNER[s];
			if (owner !== null) expect(availableActions(owner, s).length, s).toBeGreaterThan(0);
		}
	});
});

describe('transition()', () => {
	it('refuses with the right code', () => {
		const codeOf = (f: () => unknown) => {
			try {
				f();
			} catch (e) {
				return e instanceof TransitionError ? e.code : 'other';
			}
			return 'none';
		};
		expect(codeOf(() => transition('department', 'filed', 'accept'))).toBe('illegal_transition');
		expect(codeOf(() => transition('resident', 'filed', 'dispatch'))).toBe('forbidden');
		expect(codeOf(() => transition('department', 'dispatched', 'return'))).toBe('reason_required');
		expect(codeOf(() => transition('department', 'dispatched', 'return', { reason: '  ' }))).toBe(
			'reason_required'
		);
		expect(transition('department', 'dispatched', 'return', { reason: '非本单位职责' })).toBe(
			'returned'
		);
		expect(transition('command', 'filed', 'dispatch')).toBe('dispatched');
	});

	it('carries the context on the error', () => {
		const err = (() => {
			try {
				transition('gridworker', 'verified', 'close');
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(TransitionError);
		expect(err).toMatchObject({
			name: 'TransitionError',
			code: 'forbidden',
			from: 'verified',
			action: 'close',
			role: 'gridworker'
		});
	});

	it('needs a reason for reject, return, fail_verification, hang, merge, request_extension', () => {
		const needs: [CaseRole, CaseState, CaseAction][] = [
			['supervision', 'reported', 'reject'],
			['department', 'in_progress', 'return'],
			['gridworker', 'handled', 'fail_verification'],
			['supervision', 'filed', 'hang'],
			['command', 'outstanding', 'merge'],
			['department', 'dispatched', 'request_extension']
		];
		for (const [role, state, action] of needs) {
			expect(() => transition(role, state, action), action).toThrow(/needs a reason/);
			expect(() => transition(role, state, action, { reason: 'x' }), action).not.toThrow();
		}
	});

	it('agrees with can() and nextState() for any combination', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...CASE_ROLES),
				fc.constantFrom<CaseStateOrNew>(null, ...CASE_STATES),
				fc.constantFrom(...CASE_ACTIONS),
				(role, state, action) => {
					let result: CaseState | TransitionError;
					try {
						result = transition(role, state, action, { reason: 'r' });
					} catch (e) {
						if (!(e instanceof TransitionError)) throw e;
						result = e;
					}
					if (can(role, state, action)) {
						expect(result).toBe(nextState(state, action));
					} else {
						expect(result).toBeInstanceOf(TransitionError);
					}
				}
			)
		);
	});
});

describe('app roles', () => {
	it('map to case roles', () => {
		const expected: Record<string, CaseRole[]> = {
			public: ['resident'],
			gridworker: ['gridworker'],
			operator: ['command'],
			supervisor: ['supervision'],
			planner: [],
			leader: [],
			admin: ['supervision', 'command']
		};
		for (const role of ROLES) expect([...caseRolesFor(role)], role).toEqual(expected[role]);
	});

	it('admin can do what supervision or command can; leaders watch', () => {
		expect(appRoleCan('admin', 'reported', 'file')).toBe(true);
		expect(appRoleCan('admin', 'filed', 'dispatch')).toBe(true);
		expect(appRoleCan('admin', 'dispatched', 'accept')).toBe(false);
		expect(appRoleCan('operator', 'reported', 'file')).toBe(false);
		expect(availableActionsForAppRole('admin', 'dispatched')).toEqual([
			'hang',
			'merge',
			'approve_extension'
		]);
		expect(availableActionsForAppRole('leader', 'filed')).toEqual([]);
		expect(availableActionsForAppRole('public', null)).toEqual(['report']);
	});
});

describe('helpers', () => {
	it('counts only failed verification as rework', () => {
		expect(CASE_ACTIONS.filter(countsAsRework)).toEqual(['fail_verification']);
	});

	it('merges only into an open case', () => {
		expect(canMergeInto('dispatched')).toBe(true);
		expect(canMergeInto('closed')).toBe(false);
		expect(canMergeInto('merged')).toBe(false);
		expect(canMergeInto('outstanding')).toBe(false);
	});

	it('calls a dispatch to two or more distinct departments a whistle', () => {
		expect(isWhistle(['water'])).toBe(false);
		expect(isWhistle(['water', 'water'])).toBe(false);
		expect(isWhistle(['water', 'urban_management'])).toBe(true);
		expect(isWhistle([])).toBe(false);
	});
});

describe('joint dispatch (吹哨报到)', () => {
	it('may be marked handled only when every part is done', () => {
		expect(mayMarkJointHandled(['handled', 'handled'])).toBe(true);
		expect(mayMarkJointHandled(['handled', 'returned'])).toBe(true);
		expect(mayMarkJointHandled(['handled', 'in_progress'])).toBe(false);
		expect(mayMarkJointHandled(['handled', 'dispatched'])).toBe(false);
		expect(mayMarkJointHandled(['returned', 'returned'])).toBe(false);
		expect(mayMarkJointHandled([])).toBe(false);
		expect(mayMarkJointHandled(['handled'])).toBe(true);
	});

	it('derives the case state from its parts', () => {
		expect(jointCaseState(['dispatched', 'dispatched'])).toBe('dispatched');
		expect(jointCaseState(['dispatched', 'returned'])).toBe('dispatched');
		expect(jointCaseState(['in_progress', 'dispatched'])).toBe('in_progress');
		expect(jointCaseState(['handled', 'dispatched'])).toBe('in_progress');
		expect(jointCaseState(['handled', 'returned'])).toBe('handled');
		expect(jointCaseState(['returned', 'returned'])).toBe('returned');
		expect(() => jointCaseState([])).toThrow(RangeError);
	});
});

describe('histories', () => {
	const path = (...steps: [CaseAction, CaseRole?][]): CaseHistoryEvent[] => {
		const out: CaseHistoryEvent[] = [];
		let s: CaseStateOrNew = null;
		for (const [action, role] of steps) {
			const to = nextState(s, action);
			out.push(role === undefined ? { action, from: s, to } : { action, from: s, to, role });
			s = to;
		}
		return out;
	};

	it('accepts the standard cycle and its side roads', () => {
		expect(
			isLegalHistory(
				path(
					['report', 'gridworker'],
					['file', 'supervision'],
					['dispatch', 'command'],
					['accept', 'department'],
					['request_extension', 'department'],
					['approve_extension', 'command'],
					['handle', 'department'],
					['fail_verification', 'gridworker'],
					['redispatch', 'command'],
					['return', 'department'],
					['reroute', 'command'],
					['hang', 'supervision'],
					['resume', 'command'],
					['accept', 'department'],
					['handle', 'department'],
					['verify', 'supervision'],
					['close', 'supervision']
				)
			)
		).toBe(true);
	});

	it('rejects broken paths with where and why', () => {
		expect(checkHistory([])).toEqual({ ok: false, index: 0, reason: 'empty history' });
		// Must start with a report.
		expect(isLegalHistory([{ action: 'file', from: 'reported', to: 'filed' }])).toBe(false);
		// But may start mid-way when told where.
		expect(
			isLegalHistory([{ action: 'file', from: 'reported', to: 'filed' }], { start: 'reported' })
		).toBe(true);
		// A gap between events.
		const gap = [
			...path(['report'], ['file']),
			{ action: 'accept', from: 'dispatched', to: 'in_progress' }
		];
		expect(checkHistory(gap as CaseHistoryEvent[])).toMatchObject({ ok: false, index: 2 });
		// Wrong destination.
		expect(
			checkHistory([
				{ action: 'report', from: null, to: 'reported' },
				{ action: 'file', from: 'reported', to: 'dispatched' }
			])
		).toMatchObject({ ok: false, index: 1 });
		// Right move, wrong role.
		expect(checkHistory(path(['report', 'resident'], ['file', 'command']))).toMatchObject({
			ok: false,
			index: 1
		});
		// Anything after a terminal state.
		const closedThenMore = [
			...path(['report'], ['reject']),
			{ action: 'file', from: 'rejected', to: 'filed' }
		] as CaseHistoryEvent[];
		expect(isLegalHistory(closedThenMore)).toBe(false);
	});

	it('needs a pending request for each extension approval', () => {
		const base = path(['report'], ['file'], ['dispatch'], ['accept']);
		expect(isLegalHistory([...base, ...tail('in_progress', ['approve_extension'])])).toBe(false);
		expect(
			isLegalHistory([...base, ...tail('in_progress', ['request_extension', 'approve_extension'])])
		).toBe(true);
		expect(
			isLegalHistory([...base, ...tail('in_progress', ['request_extension', 'request_extension'])])
		).toBe(false);
		// A request survives accept (same department, same clock)...
		const dispatched = path(['report'], ['file'], ['dispatch']);
		expect(
			isLegalHistory([
				...dispatched,
				...tail('dispatched', ['request_extension', 'accept', 'approve_extension'])
			])
		).toBe(true);
		expect(hasPendingExtension([...dispatched, ...tail('dispatched', ['request_extension'])])).toBe(
			true
		);
		expect(
			hasPendingExtension([...dispatched, ...tail('dispatched', ['request_extension', 'accept'])])
		).toBe(true);
		expect(
			hasPendingExtension([
				...dispatched,
				...tail('dispatched', ['request_extension', 'approve_extension'])
			])
		).toBe(false);
		// ...but lapses when the case leaves the department.
		expect(
			isLegalHistory([
				...dispatched,
				...tail('dispatched', ['request_extension', 'return', 'reroute', 'approve_extension'])
			])
		).toBe(false);
	});

	it('random legal action sequences stay legal; terminal states accept nothing', () => {
		fc.assert(
			fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.nat(), (choices, roleSeed) => {
				const events: CaseHistoryEvent[] = [
					{ action: 'report', from: null, to: 'reported', role: 'resident' }
				];
				let state: CaseState = 'reported';
				for (const choice of choices) {
					const pending = hasPendingExtension(events);
					const legal = CASE_ACTIONS.filter(
						(a) =>
							CASE_ROLES.some((r) => can(r, state, a)) &&
							!(a === 'approve_extension' && !pending) &&
							!(a === 'request_extension' && pending)
					);
					if (legal.length === 0) break;
					const action = legal[choice % legal.length] as CaseAction;
					const roles = CASE_ROLES.filter((r) => can(r, state, action));
					const role = roles[roleSeed % roles.length] as CaseRole;
					const to = transition(role, state, action, { reason: 'r' });
					expect(STATE_LIST).toContain(to);
					events.push({ action, from: state, to, role });
					state = to;
				}
				expect(checkHistory(events)).toEqual({ ok: true });
				if (isTerminal(state)) {
					for (const role of CASE_ROLES) {
						expect(availableActions(role, state)).toEqual([]);
						for (const action of CASE_ACTIONS) {
							expect(() => nextState(state, action)).toThrow(TransitionError);
						}
					}
				} else {
					expect(CASE_ROLES.some((r) => availableActions(r, state).length > 0)).toBe(true);
				}
			})
		);
	});

	it('a single corrupted event makes a legal history illegal', () => {
		fc.assert(
			fc.property(
				fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
				fc.nat(),
				fc.constantFrom(...CASE_STATES),
				(choices, at, wrongTo) => {
					const events: CaseHistoryEvent[] = [{ action: 'report', from: null, to: 'reported' }];
					let state: CaseState = 'reported';
					for (const choice of choices) {
						const legal = CASE_ACTIONS.filter(
							(a) =>
								a !== 'approve_extension' &&
								a !== 'request_extension' &&
								CASE_ROLES.some((r) => can(r, state, a))
						);
						if (legal.length === 0) break;
						const action = legal[choice % legal.length] as CaseAction;
						const to = nextState(state, action);
						events.push({ action, from: state, to });
						state = to;
					}
					const i = at % events.length;
					const original = events[i] as CaseHistoryEvent;
					fc.pre(original.to !== wrongTo);
					const corrupted = events.map((e, j) => (j === i ? { ...e, to: wrongTo } : e));
					expect(isLegalHistory(events)).toBe(true);
					expect(isLegalHistory(corrupted)).toBe(false);
				}
			)
		);
	});
});

/** Continue a history from `from` with role-less events. */
function tail(from: CaseState, actions: CaseAction[]): CaseHistoryEvent[] {
	const out: CaseHistoryEvent[] = [];
	let s = from;
	for (const action of actions) {
		const to = nextState(s, action);
		out.push({ action, from: s, to });
		s = to;
	}
	return out;
}
