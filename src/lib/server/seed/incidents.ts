/**
 * Incidents: ~20,000 × scale cases over the last `days` days, spread with the population plus a
 * few hot spots (markets, old-town lanes), each with a full legal history on the working
 * calendar, cut at `now` — so older cases are mostly closed, recent ones are open in every state.
 */
import { DEFAULT_CALENDAR, isWorkingDay, type WorkingCalendar } from '../../domain/calendar';
import { canMergeInto, OPEN_STATES, type CaseState } from '../../domain/cases';
import { CATEGORIES, SENSOR_CATEGORY, type Category } from '../../domain/categories';
import { randomPointsInCells, type Cell } from './cells';
import { chunked, type SeedContext } from './context';
import { km } from './density';
import {
	cutAt,
	deadlineOf,
	derive,
	simulate,
	TIME,
	within,
	type CaseEvent,
	type CaseSpec,
	type Derived,
	type Forced,
	type SimEnv,
	type Source
} from './lifecycle';
import { fakeName, fakePhone } from './names';
import { HOT_SPOTS } from './places';
import { rng, WeightedTable, type Rng } from './prng';
import { routeCase, type RoutingRule } from './reference';

/** Incidents at scale 1. */
export const INCIDENTS_PER_SCALE = 20_000;
const TRACKING_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface PlannedIncident {
	cell: number;
	spec: CaseSpec;
	tracking: string;
	priority: number;
	description: string;
	address: string;
	events: CaseEvent[];
	derived: Derived;
	rating: number | null;
	ratedAt: number | null;
	contact: { name: string; phone: string; email: string | null } | null;
	/** Index (in the plan) of the case this one was merged into. */
	mergedInto: number | null;
}

export interface Names {
	community: ReadonlyMap<string, string>;
	subdistrict: ReadonlyMap<string, string>;
}

const SPOTS = [
	'东门',
	'西门',
	'南门',
	'北门',
	'小区内',
	'沿街商铺前',
	'路口',
	'停车场',
	'背街小巷',
	'公交站旁'
];

/** Categories that pile up at markets and in old-town lanes. */
const HOT_BOOST: Readonly<Record<string, number>> = {
	'20401': 5,
	'20403': 4,
	'20101': 2,
	'20402': 2.5,
	'20201': 2,
	'20404': 2
};
const STREET_ORDER = new Set(['20401', '20402', '20403', '20404']);
const SENSOR_CATEGORIES = new Set(Object.values(SENSOR_CATEGORY));

/** Hour-of-day weights (China time) for reports by residents: morning, afternoon, evening peaks. */
const RESIDENT_HOURS = [
	0.3, 0.15, 0.1, 0.1, 0.1, 0.3, 1, 2, 3.5, 4.5, 4.5, 3.5, 2.5, 3, 4, 4, 3.5, 3, 3, 3.5, 3.5, 2.5,
	1.5, 0.7
];
/** Grid workers patrol in office hours. */
const PATROL_HOURS = [
	0, 0, 0, 0, 0, 0, 0, 0.3, 4, 6, 6, 5, 0.5, 0.5, 5, 6, 6, 4, 0.3, 0, 0, 0, 0, 0
];
const ANY_HOURS = Array.from({ length: 24 }, (_, h) => (h >= 7 && h <= 21 ? 2 : 1));

export function simEnv(
	rules: readonly RoutingRule[],
	cal: WorkingCalendar = DEFAULT_CALENDAR
): SimEnv {
	const cache = new Map<string, string>();
	const auto = new Set(rules.filter((r) => r.autoDispatch).map((r) => r.category));
	const departments = [...new Set(rules.map((r) => r.department))].sort();
	return {
		cal,
		route(category, subdistrict) {
			const key = `${category}|${subdistrict}`;
			let d = cache.get(key);
			if (d === undefined) {
				d = routeCase(rules, category, subdistrict);
				cache.set(key, d);
			}
			return d;
		},
		alternatives(category, from) {
			const assisting = rules
				.filter((r) => r.category === category && r.department !== from)
				.map((r) => r.department);
			const pool = assisting.length ? assisting : departments.filter((d) => d !== from);
			return [...new Set(pool)];
		},
		autoDispatch: (category) => auto.has(category)
	};
}

function pickSource(r: Rng, category: Category): Source {
	if (SENSOR_CATEGORIES.has(category.code) && r.chance(0.6)) return 'sensor';
	if (STREET_ORDER.has(category.code) && r.chance(0.3)) return 'video';
	const x = r.next();
	if (x < 0.62) return 'gridworker';
	if (x < 0.77) return 'resident';
	if (x < 0.93) return 'hotline';
	if (x < 0.97) return 'open311';
	if (x < 0.985) return 'video';
	return 'superior';
}

/** A report time (epoch ms) in the window, following the source's daily rhythm in China time. */
function reportTime(
	r: Rng,
	source: Source,
	now: number,
	days: number,
	cal: WorkingCalendar
): number {
	const CHINA = 8 * TIME.HOUR;
	const hours =
		source === 'gridworker' ? PATROL_HOURS : source === 'sensor' ? ANY_HOURS : RESIDENT_HOURS;
	for (let attempt = 0; ; attempt++) {
		const dayStart =
			Math.floor((now + CHINA) / TIME.DAY) * TIME.DAY - CHINA - r.int(0, days) * TIME.DAY;
		if (source === 'gridworker' && attempt < 4) {
			// Fewer patrols at weekends and on holidays.
			const working = isWorkingDay(new Date(dayStart + 12 * TIME.HOUR), cal);
			if (!working && r.chance(0.75)) continue;
		}
		const t = dayStart + r.weightedIndex(hours) * TIME.HOUR + Math.floor(r.next() * TIME.HOUR);
		const at = Math.floor(t / 1000) * 1000;
		if (at < now && at >= now - days * TIME.DAY) return at;
		if (attempt > 50) return now - TIME.HOUR;
	}
}

function rating(r: Rng, onTime: boolean): number {
	const w = onTime ? [0.03, 0.03, 0.09, 0.27, 0.58] : [0.12, 0.12, 0.22, 0.3, 0.24];
	return r.weightedIndex(w) + 1;
}

/**
 * Plans every incident (pure apart from the PRNG): where, what, when, its history cut at `now`,
 * ratings and reporter contacts.
 */
export function planIncidents(args: {
	r: Rng;
	cells: readonly Cell[];
	names: Names;
	env: SimEnv;
	now: number;
	days: number;
	count: number;
}): PlannedIncident[] {
	const { r, cells, names, env, now, days, count } = args;

	// Where: residents, plus visitors in parks and by the lake, plus hot spots.
	const meanResidents = cells.reduce((s, c) => s + c.residents, 0) / Math.max(1, cells.length);
	const hot = cells.map((c) => {
		let h = 0;
		for (const s of HOT_SPOTS) {
			const d = km(c.lon, c.lat, s.lon, s.lat);
			h += s.strength * Math.exp(-(d * d) / (2 * 0.3 * 0.3));
		}
		return h * meanResidents * 3;
	});
	const base = cells.map((c) => c.residents + 0.3 * meanResidents * (c.parkShare + c.waterShare));
	const table = new WeightedTable(cells.map((_, i) => (base[i] ?? 0) + (hot[i] ?? 0)));
	const catWeights = CATEGORIES.map((c) => c.weight);
	const hotWeights = CATEGORIES.map((c) => c.weight * (HOT_BOOST[c.code] ?? 1));

	const used = new Set<string>();
	const tracking = (): string => {
		for (;;) {
			const t = r.chars(12, TRACKING_ALPHABET);
			if (!used.has(t)) {
				used.add(t);
				return t;
			}
		}
	};

	const specs: { cell: number; spec: CaseSpec; duplicate: boolean; reject: boolean }[] = [];
	for (let i = 0; i < count; i++) {
		const cell = table.draw(r);
		const c = cells[cell]!;
		const isHot = r.next() * ((base[cell] ?? 0) + (hot[cell] ?? 0)) < (hot[cell] ?? 0);
		const category = CATEGORIES[r.weightedIndex(isHot ? hotWeights : catWeights)]!;
		const source = pickSource(r, category);
		const reportedAt = reportTime(r, source, now, days, env.cal);
		const publicSource = source === 'resident' || source === 'hotline' || source === 'open311';
		const reject = r.chance(
			publicSource ? 0.05 : source === 'video' ? 0.06 : source === 'gridworker' ? 0.012 : 0
		);
		const duplicate = !reject && r.chance(publicSource ? 0.03 : 0.006);
		specs.push({
			cell,
			spec: { category, source, reportedAt, subdistrict: c.subdistrictCode },
			duplicate,
			reject
		});
	}
	specs.sort((a, b) => a.spec.reportedAt - b.spec.reportedAt);

	const describe = (cell: number, category: Category) => {
		const c = cells[cell]!;
		const community = names.community.get(c.communityCode) ?? '';
		const subdistrict = names.subdistrict.get(c.subdistrictCode) ?? '';
		const spot = r.pick(SPOTS);
		const zh = category.zh;
		return {
			description: r.pick([
				`${community}${spot}发现${zh}`,
				`${community}${spot}${zh}，请尽快处理`,
				`群众反映${community}${spot}存在${zh}问题`
			]),
			address: `济南市历下区${subdistrict}${community}${spot}`
		};
	};
	const plan: PlannedIncident[] = specs.map((s) => ({
		cell: s.cell,
		spec: s.spec,
		tracking: tracking(),
		priority: s.spec.category.urgent ? 1 : r.chance(0.15) ? 3 : 2,
		...describe(s.cell, s.spec.category),
		events: [],
		derived: derive([], s.spec.category, env.cal),
		rating: null,
		ratedAt: null,
		contact: null,
		mergedInto: null
	}));

	const full: CaseEvent[][] = new Array<CaseEvent[]>(plan.length);
	const settle = (i: number, events: CaseEvent[]) => {
		const p = plan[i]!;
		full[i] = events;
		p.events = cutAt(events, now);
		p.derived = derive(p.events, p.spec.category, env.cal);
	};

	// Pass 1: everything but duplicates.
	specs.forEach((s, i) => {
		if (!s.duplicate) settle(i, simulate(s.spec, r, env, { reject: s.reject }));
	});

	// Pass 2: a duplicate reports the same problem again, a little later, and is merged into the
	// first report while that is still open.
	const originals = specs.map((_, i) => i).filter((i) => !specs[i]!.duplicate && !specs[i]!.reject);
	specs.forEach((s, i) => {
		if (!s.duplicate) return;
		for (let attempt = 0; attempt < 12 && originals.length > 0; attempt++) {
			const j = r.pick(originals);
			const target = plan[j]!;
			const t0 =
				Math.round((target.spec.reportedAt + r.uniform(10, 480) * TIME.MINUTE) / 1000) * 1000;
			if (t0 >= now) continue;
			const L = target.spec.category.limits.filing;
			const mergeAt =
				Math.round(within(t0, deadlineOf(t0, L, env.cal), r.uniform(0.2, 0.9), L, env.cal) / 1000) *
				1000;
			// The target must still be open when the duplicate is merged into it.
			const before = cutAt(full[j]!, mergeAt);
			const stateThen = before[before.length - 1]?.to;
			if (stateThen === undefined || !canMergeInto(stateThen)) continue;
			const spec: CaseSpec = { ...target.spec, source: s.spec.source, reportedAt: t0 };
			s.spec = spec;
			s.cell = target.cell;
			Object.assign(plan[i]!, { spec, cell: target.cell, ...describe(target.cell, spec.category) });
			plan[i]!.priority = target.priority;
			settle(i, simulate(spec, r, env, { mergeAt }));
			if (mergeAt <= now) plan[i]!.mergedInto = j;
			return;
		}
		settle(i, simulate(s.spec, r, env));
	});

	forceOpenStates(plan, full, specs, r, env, now, settle);

	// Ratings and reporter contacts (personal data kept apart, in incident_contact).
	for (const p of plan) {
		const publicSource =
			p.spec.source === 'resident' || p.spec.source === 'hotline' || p.spec.source === 'open311';
		if (!publicSource) continue;
		const d = p.derived;
		if (d.state === 'closed' && d.closedAt !== null && r.chance(0.7)) {
			const at =
				Math.round((d.closedAt + r.exponential(8 * TIME.HOUR) + 5 * TIME.MINUTE) / 1000) * 1000;
			if (at <= now) {
				p.rating = rating(r, d.closedOnTime === true);
				p.ratedAt = at;
			}
		}
		if (r.chance(p.spec.source === 'hotline' ? 0.85 : 0.45)) {
			p.contact = {
				name: fakeName(r),
				phone: fakePhone(r),
				email:
					p.spec.source === 'open311' ? `reporter${r.chars(6, '0123456789')}@example.com` : null
			};
		}
	}

	// Duplicates moved in time: put the plan back in report order (ids follow it).
	const order = plan
		.map((_, i) => i)
		.sort((a, b) => plan[a]!.spec.reportedAt - plan[b]!.spec.reportedAt || a - b);
	const position = new Map(order.map((i, k) => [i, k]));
	return order.map((i) => {
		const p = plan[i]!;
		return p.mergedInto === null ? p : { ...p, mergedInto: position.get(p.mergedInto)! };
	});
}

/**
 * Makes sure recent cases sit in every open state (and outstanding) at `now`: a few cases
 * reported in the last days are re-simulated (forcing a return, a rework or a hang where the
 * state needs one) and stopped right after entering the state.
 */
function forceOpenStates(
	plan: PlannedIncident[],
	full: CaseEvent[][],
	specs: readonly { duplicate: boolean; reject: boolean }[],
	r: Rng,
	env: SimEnv,
	now: number,
	settle: (i: number, events: CaseEvent[]) => void
): void {
	const wanted: CaseState[] = [...OPEN_STATES, 'outstanding'];
	const MIN = 2;
	const count = new Map<CaseState, number>();
	for (const p of plan) count.set(p.derived.state, (count.get(p.derived.state) ?? 0) + 1);
	const recent = plan
		.map((p, i) => ({ p, i }))
		.filter(
			({ p, i }) =>
				!specs[i]!.duplicate &&
				!specs[i]!.reject &&
				p.spec.reportedAt >= now - 4 * TIME.DAY &&
				p.spec.reportedAt <= now - 2 * TIME.HOUR
		);
	const taken = new Set<number>();
	for (const state of wanted) {
		let have = count.get(state) ?? 0;
		for (let attempt = 0; have < MIN && attempt < 60 && recent.length > 0; attempt++) {
			const { p, i } = r.pick(recent);
			if (taken.has(i) || p.derived.state === state) continue;
			// Do not rob a state that is itself scarce.
			const from = p.derived.state;
			if (wanted.includes(from) && (count.get(from) ?? 0) <= MIN) continue;
			const forced: Forced = {
				returned: state === 'returned',
				rework: state === 'reopened',
				hang: state === 'outstanding'
			};
			const events = simulate(p.spec, r, env, forced);
			const k = events.findIndex((e) => e.to === state);
			if (k < 0 || events[k]!.at > now) continue;
			count.set(p.derived.state, (count.get(p.derived.state) ?? 1) - 1);
			taken.add(i);
			settle(i, events.slice(0, k + 1));
			full[i] = events.slice(0, k + 1);
			have++;
			count.set(state, have);
		}
	}
}

/** Plans and loads the incidents, their histories, contacts and merges. */
export async function seedIncidents(
	ctx: SeedContext,
	cells: readonly Cell[],
	names: Names,
	rules: readonly RoutingRule[]
): Promise<{
	incidents: number;
	events: number;
	contacts: number;
	merged: number;
	states: Record<string, number>;
}> {
	const r = rng(ctx.seed, 'incidents');
	const env = simEnv(rules);
	const plan = planIncidents({
		r,
		cells,
		names,
		env,
		now: ctx.now.getTime(),
		days: ctx.days,
		count: Math.max(1, Math.round(INCIDENTS_PER_SCALE * ctx.scale))
	});
	const pts = await randomPointsInCells(
		ctx,
		rng(ctx.seed, 'incident-points'),
		plan.map((p) => cells[p.cell]!)
	);
	const ids = await insertIncidents(ctx, plan, pts);
	const contacts = plan.map((p, i) => ({ p, id: ids[i]! })).filter((x) => x.p.contact !== null);
	const savedContacts = await chunked(
		ctx,
		'insert_incident_contacts',
		[
			contacts.map((x) => x.id),
			contacts.map((x) => x.p.contact!.name),
			contacts.map((x) => x.p.contact!.phone),
			contacts.map((x) => x.p.contact!.email)
		],
		20_000
	);
	if (savedContacts.length !== contacts.length)
		throw new Error(`contacts: inserted ${savedContacts.length} of ${contacts.length}`);
	const merged = plan.map((p, i) => ({ p, id: ids[i]! })).filter((x) => x.p.mergedInto !== null);
	const updated = await chunked(
		ctx,
		'update_incident_merged',
		[merged.map((x) => x.id), merged.map((x) => ids[x.p.mergedInto!]!)],
		20_000
	);
	if (updated.length !== merged.length)
		throw new Error(`merges: updated ${updated.length} of ${merged.length}`);
	const states: Record<string, number> = {};
	for (const p of plan) states[p.derived.state] = (states[p.derived.state] ?? 0) + 1;
	return {
		incidents: plan.length,
		events: plan.reduce((s, p) => s + p.events.length, 0),
		contacts: contacts.length,
		merged: merged.length,
		states
	};
}

const sec = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/**
 * Inserts planned incidents (in chunks) and their events; returns the new ids in plan order.
 * The database places each incident in its grid cell, community and subdistrict (trigger).
 */
export async function insertIncidents(
	ctx: SeedContext,
	plan: readonly PlannedIncident[],
	pts: { lon: number[]; lat: number[] },
	sensorAlert: readonly (number | null)[] = []
): Promise<number[]> {
	const rows = await chunked<{ id: number; tracking_code: string }>(
		ctx,
		'insert_incidents',
		[
			plan.map((p) => p.tracking),
			plan.map((p) => p.spec.category.code),
			plan.map((p) => p.spec.source),
			plan.map((p) => p.derived.state),
			plan.map((p) => p.priority),
			plan.map((p) => p.description),
			plan.map((p) => p.address),
			pts.lon,
			pts.lat,
			plan.map((p) => p.derived.department),
			plan.map((p) => p.derived.stage),
			plan.map((p) => sec(p.derived.stageStartedAt)),
			plan.map((p) => sec(p.derived.deadlineAt)),
			plan.map((p) => sec(p.derived.dueAt)),
			plan.map((p) => sec(p.spec.reportedAt)),
			plan.map((p) => sec(p.derived.filedAt)),
			plan.map((p) => sec(p.derived.dispatchedAt)),
			plan.map((p) => sec(p.derived.respondedAt)),
			plan.map((p) => sec(p.derived.handledAt)),
			plan.map((p) => sec(p.derived.closedAt)),
			plan.map((p) => p.derived.closedOnTime),
			plan.map((p) => p.derived.reworkCount),
			plan.map((p) => p.derived.returnCount),
			plan.map((p) => p.derived.extended),
			plan.map((p) => p.rating),
			plan.map((p) => sec(p.ratedAt)),
			plan.map((p) => p.events.length),
			plan.map((p) => sec(Math.max(p.derived.updatedAt, p.ratedAt ?? 0))),
			plan.map((_, i) => sensorAlert[i] ?? null)
		],
		10_000
	);
	const byCode = new Map(rows.map((row) => [row.tracking_code, row.id]));
	const ids = plan.map((p) => {
		const id = byCode.get(p.tracking);
		if (id === undefined) throw new Error(`incident ${p.tracking} was not inserted`);
		return id;
	});

	const ev = {
		id: [] as number[],
		seq: [] as number[],
		action: [] as string[],
		from: [] as (string | null)[],
		to: [] as string[],
		role: [] as string[],
		dept: [] as (string | null)[],
		note: [] as (string | null)[],
		at: [] as number[]
	};
	plan.forEach((p, i) => {
		p.events.forEach((e, k) => {
			ev.id.push(ids[i]!);
			ev.seq.push(k + 1);
			ev.action.push(e.action);
			ev.from.push(e.from);
			ev.to.push(e.to);
			ev.role.push(e.role);
			ev.dept.push(e.department);
			ev.note.push(e.note);
			ev.at.push(e.at / 1000);
		});
	});
	const inserted = await chunked<{ n: number }>(
		ctx,
		'insert_incident_events',
		[ev.id, ev.seq, ev.action, ev.from, ev.to, ev.role, ev.dept, ev.note, ev.at],
		20_000
	);
	const n = inserted.reduce((s, x) => s + x.n, 0);
	if (n !== ev.id.length) throw new Error(`incident events: inserted ${n} of ${ev.id.length}`);
	return ids;
}
