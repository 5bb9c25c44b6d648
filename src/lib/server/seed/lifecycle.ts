/**
 * One case's life, simulated: every move is checked against the case cycle (lib/domain/cases),
 * and every wait is measured on the working calendar against the category's stage limits, so a
 * case is on time or overdue for the same reasons the live system would say so.
 *
 * `simulate` writes the whole history, possibly past `now`; `derive` reads a history (cut at
 * `now`) back into the incident's columns.
 */
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from '../../domain/calendar';
import {
	nextState,
	stageStartedBy,
	stageStoppedBy,
	type CaseAction,
	type CaseRole,
	type CaseState,
	type CaseStateOrNew,
	type SlaStage
} from '../../domain/cases';
import type { Category, TimeLimit } from '../../domain/categories';
import { extendDeadline, stageDeadline } from '../../domain/sla';
import type { Rng } from './prng';

export const SOURCES = [
	'gridworker',
	'resident',
	'hotline',
	'open311',
	'sensor',
	'video',
	'superior'
] as const;
export type Source = (typeof SOURCES)[number];

export interface CaseEvent {
	action: CaseAction;
	from: CaseStateOrNew;
	to: CaseState;
	role: CaseRole;
	department: string | null;
	note: string | null;
	/** Epoch ms, whole seconds. */
	at: number;
}

export interface CaseSpec {
	category: Category;
	source: Source;
	reportedAt: number;
	subdistrict: string;
}

/** Branches to force (used to make sure every open state appears among recent cases). */
export interface Forced {
	reject?: boolean;
	returned?: boolean;
	rework?: boolean;
	hang?: boolean;
	/** Merge into another case at this time instead of filing. */
	mergeAt?: number;
}

export interface SimEnv {
	cal: WorkingCalendar;
	/** Primary department for a category in a subdistrict. */
	route(category: string, subdistrict: string): string;
	/** Departments a returned case may be re-routed to. */
	alternatives(category: string, from: string): readonly string[];
	autoDispatch(category: string): boolean;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const NOTES = {
	reject: ['不属于受理范围', '现场核实无此问题', '信息不全，无法立案'],
	return: ['非本单位职责，请改派', '权属不清，退回指挥中心', '属地管理事项，请派街道'],
	failVerification: ['现场核查未处置到位', '问题反弹，需重新处置'],
	hang: ['涉及历史遗留问题，需多部门协调', '权属争议，暂挂账', '需列入年度改造计划'],
	merge: ['重复上报，已合并'],
	extension: ['需协调多个部门，申请延期', '需等待材料到货，申请延期'],
	handle: ['已处置完毕', '已清理', '已修复', '已劝离并规范']
} as const;

function reportRole(source: Source): CaseRole {
	switch (source) {
		case 'gridworker':
			return 'gridworker';
		case 'sensor':
		case 'video':
			return 'system';
		case 'superior':
			return 'command';
		default:
			return 'resident';
	}
}

class History {
	readonly events: CaseEvent[] = [];
	state: CaseStateOrNew = null;

	get last(): number {
		return this.events[this.events.length - 1]?.at ?? 0;
	}

	push(
		action: CaseAction,
		role: CaseRole,
		at: number,
		department: string | null = null,
		note: string | null = null
	): number {
		const from = this.state;
		const to = nextState(from, action);
		const t = Math.max(Math.round(at / 1000) * 1000, this.last + 1000);
		this.events.push({ action, from, to, role, department, note, at: t });
		this.state = to;
		return t;
	}
}

/** The deadline of a stage that starts at `start` (epoch ms). */
export function deadlineOf(start: number, limit: TimeLimit, cal: WorkingCalendar): number {
	return stageDeadline(new Date(start), limit, cal).getTime();
}

/**
 * The instant a share `frac` of the way from `start` to `deadline`, measured in working time on
 * working-clock limits (so a move lands in office hours) and in wall-clock time otherwise.
 * A share above 1 lies past the deadline.
 */
export function within(
	start: number,
	deadline: number,
	frac: number,
	limit: TimeLimit,
	cal: WorkingCalendar
): number {
	if (limit.clock === 'natural') return start + frac * (deadline - start);
	const total = workingTimeBetween(new Date(start), new Date(deadline), cal);
	const minutes = Math.max(0, frac * total);
	if (minutes === 0) return start;
	return addWorkingTime(new Date(start), minutes, 'minutes', cal).getTime();
}

/** Shares of the handling time used by cases done on time: mostly well before the deadline. */
function onTimeShare(r: Rng): number {
	return 0.06 + 0.88 * Math.pow(r.next(), 1.4);
}

/**
 * Simulates a case from report to its end (or to where it stops), independent of `now`.
 * @returns the full history; the caller cuts it at `now`
 */
export function simulate(spec: CaseSpec, r: Rng, env: SimEnv, forced: Forced = {}): CaseEvent[] {
	const { cal } = env;
	const L = spec.category.limits;
	const code = spec.category.code;
	const h = new History();
	const within_ = (s: number, d: number, f: number, l: TimeLimit) => within(s, d, f, l, cal);
	const deadline = (s: number, l: TimeLimit) => deadlineOf(s, l, cal);

	let t = h.push('report', reportRole(spec.source), spec.reportedAt);
	const fStart = t;
	const fDead = deadline(t, L.filing);

	if (forced.mergeAt !== undefined) {
		h.push('merge', 'supervision', forced.mergeAt, null, NOTES.merge[0]);
		return h.events;
	}
	if (forced.reject) {
		h.push(
			'reject',
			'supervision',
			within_(fStart, fDead, r.uniform(0.1, 0.9), L.filing),
			null,
			r.pick(NOTES.reject)
		);
		return h.events;
	}

	const system = spec.source === 'sensor';
	const auto = env.autoDispatch(code);
	const lateFiling = r.chance(0.03);
	const f1 = r.uniform(0.05, 0.45);
	const f2 = lateFiling ? r.uniform(1.1, 3) : Math.min(0.97, f1 + r.uniform(0.05, 0.5));
	t = h.push(
		'file',
		system ? 'system' : 'supervision',
		system ? t + r.uniform(20, 90) * 1000 : within_(fStart, fDead, f1, L.filing)
	);
	let dept = env.route(code, spec.subdistrict);
	t = h.push(
		'dispatch',
		auto ? 'system' : 'command',
		auto ? t + r.uniform(30, 180) * 1000 : within_(fStart, fDead, f2, L.filing),
		dept
	);

	let returns = forced.returned ? 1 : r.chance(0.04) ? (r.chance(0.1) ? 2 : 1) : 0;
	let reworks = forced.rework ? 1 : r.chance(0.012) ? 1 : 0;
	let hang = forced.hang || r.chance(0.012);
	const long =
		L.handling.unit === 'days' || (L.handling.unit === 'hours' && L.handling.amount >= 4);
	let extend = long && r.chance(0.035);
	const late = r.chance(0.1);

	for (let round = 0; round < 8; round++) {
		// Handling: the department's clock runs from this (re)dispatch.
		const hStart = t;
		let hDead = deadline(t, L.handling);
		const returnNow = returns > 0 && r.chance(0.5);
		if (returns > 0 && returnNow) {
			t = h.push(
				'return',
				'department',
				within_(hStart, hDead, r.uniform(0.02, 0.2), L.handling),
				dept,
				r.pick(NOTES.return)
			);
		} else {
			t = h.push(
				'accept',
				'department',
				within_(hStart, hDead, r.uniform(0.01, 0.1), L.handling),
				dept
			);
			if (returns > 0) {
				t = h.push(
					'return',
					'department',
					within_(hStart, hDead, r.uniform(0.1, 0.3), L.handling),
					dept,
					r.pick(NOTES.return)
				);
			}
		}
		if (returns > 0) {
			returns--;
			// Back at the command centre on the filing clock, then to another department.
			const rDead = deadline(t, L.filing);
			const options = env.alternatives(code, dept);
			dept = options.length ? r.pick(options) : dept;
			t = h.push('reroute', 'command', within_(t, rDead, r.uniform(0.1, 0.95), L.filing), dept);
			continue;
		}
		if (extend) {
			extend = false;
			t = h.push(
				'request_extension',
				'department',
				within_(hStart, hDead, r.uniform(0.4, 0.75), L.handling),
				dept,
				r.pick(NOTES.extension)
			);
			t = h.push(
				'approve_extension',
				'command',
				addWorkingTime(new Date(t), r.uniform(10, 90), 'minutes', cal).getTime()
			);
			hDead = extendDeadline(new Date(hDead), L.handling, cal).getTime();
		}
		if (hang) {
			hang = false;
			t = h.push(
				'hang',
				'supervision',
				within_(hStart, hDead, r.uniform(0.5, 1.6), L.handling),
				null,
				r.pick(NOTES.hang)
			);
			if (forced.hang || !r.chance(0.35)) return h.events;
			t = h.push('resume', 'command', t + r.uniform(3, 20) * DAY, dept);
			continue;
		}
		t = h.push(
			'handle',
			'department',
			within_(hStart, hDead, late ? r.uniform(1.05, 2.5) : onTimeShare(r), L.handling),
			dept,
			r.pick(NOTES.handle)
		);
		// Verification on site, by the supervision centre or the grid worker.
		const vDead = deadline(t, L.verification);
		const verifier: CaseRole = r.chance(0.4) ? 'gridworker' : 'supervision';
		if (reworks > 0) {
			reworks--;
			t = h.push(
				'fail_verification',
				verifier,
				within_(t, vDead, r.uniform(0.1, 0.9), L.verification),
				null,
				r.pick(NOTES.failVerification)
			);
			const rDead = deadline(t, L.filing);
			t = h.push('redispatch', 'command', within_(t, rDead, r.uniform(0.1, 0.9), L.filing), dept);
			continue;
		}
		t = h.push(
			'verify',
			verifier,
			within_(t, vDead, r.chance(0.05) ? r.uniform(1.1, 3) : r.uniform(0.05, 0.9), L.verification)
		);
		h.push(
			'close',
			'supervision',
			addWorkingTime(new Date(t), r.uniform(2, 150), 'minutes', cal).getTime()
		);
		return h.events;
	}
	return h.events;
}

export interface Derived {
	state: CaseState;
	stage: SlaStage | null;
	stageStartedAt: number | null;
	deadlineAt: number | null;
	dueAt: number | null;
	filedAt: number | null;
	dispatchedAt: number | null;
	respondedAt: number | null;
	handledAt: number | null;
	closedAt: number | null;
	closedOnTime: boolean | null;
	reworkCount: number;
	returnCount: number;
	extended: boolean;
	department: string | null;
	updatedAt: number;
}

/**
 * The incident's columns as its history leaves them: the current stage clock and deadline, the
 * handling deadline (`due_at`, which decides "cases due" and "closed on time"), first filing,
 * dispatch and response, the last handling, and the counters.
 */
export function derive(
	events: readonly CaseEvent[],
	category: Category,
	cal: WorkingCalendar
): Derived {
	const L = category.limits;
	const d: Derived = {
		state: 'reported',
		stage: null,
		stageStartedAt: null,
		deadlineAt: null,
		dueAt: null,
		filedAt: null,
		dispatchedAt: null,
		respondedAt: null,
		handledAt: null,
		closedAt: null,
		closedOnTime: null,
		reworkCount: 0,
		returnCount: 0,
		extended: false,
		department: null,
		updatedAt: events[0]?.at ?? 0
	};
	for (const e of events) {
		const started = stageStartedBy(e.from, e.action);
		const stopped = stageStoppedBy(e.from, e.action);
		if (started) {
			d.stage = started;
			d.stageStartedAt = e.at;
			d.deadlineAt = deadlineOf(e.at, L[started], cal);
			if (started === 'handling') d.dueAt = d.deadlineAt;
		} else if (stopped) {
			d.stage = null;
			d.stageStartedAt = null;
			d.deadlineAt = null;
		}
		switch (e.action) {
			case 'file':
				d.filedAt ??= e.at;
				break;
			case 'dispatch':
			case 'reroute':
			case 'redispatch':
			case 'resume':
				d.dispatchedAt ??= e.at;
				d.department = e.department;
				break;
			case 'accept':
				d.respondedAt ??= e.at;
				break;
			case 'return':
				d.returnCount++;
				break;
			case 'fail_verification':
				d.reworkCount++;
				break;
			case 'approve_extension':
				if (d.deadlineAt !== null) {
					d.deadlineAt = extendDeadline(new Date(d.deadlineAt), L.handling, cal).getTime();
					d.dueAt = d.deadlineAt;
				}
				d.extended = true;
				break;
			case 'handle':
				d.handledAt = e.at;
				break;
			case 'close':
				d.closedAt = e.at;
				break;
			default:
				break;
		}
		d.state = e.to;
		d.updatedAt = e.at;
	}
	if (d.state === 'closed') {
		d.closedOnTime = d.handledAt !== null && d.dueAt !== null && d.handledAt <= d.dueAt;
	}
	return d;
}

/** The history up to and including `now`. */
export function cutAt(events: readonly CaseEvent[], now: number): CaseEvent[] {
	const out: CaseEvent[] = [];
	for (const e of events) {
		if (e.at > now) break;
		out.push(e);
	}
	return out;
}

export const TIME = { MINUTE, HOUR, DAY } as const;
