/**
 * Sensors (~500 × scale), a week of readings ending at `now` at each type's interval, with a few
 * planted anomalies, and the alerts those anomalies raise (some still open, some acknowledged,
 * most resolved), some linked to the incidents they opened.
 *
 * Water-quality probes sit along the rivers; smart meters in homes of elderly people living alone
 * (each linked to a protected `household` row — no personal data on the sensor); smoke detectors,
 * manhole-cover tilt sensors and a few noise monitors elsewhere.
 */
import { createHash } from 'node:crypto';
import { categoryByCode } from '../../domain/categories';
import type { BasemapRow } from './basemap';
import { randomPointsInCells, round7, type Cell } from './cells';
import { chunked, Pipeline, q, type SeedContext } from './context';
import { km } from './density';
import { cutAt, derive, simulate, TIME, type SimEnv } from './lifecycle';
import { insertIncidents, type PlannedIncident } from './incidents';
import { fakeHomeAddress, fakeName, fakePhone } from './names';
import { HOT_SPOTS } from './places';
import { rng, WeightedTable, type Rng } from './prng';
import { ALERT_RULES, ruleKey, SENSOR_TYPES } from './reference';
import type { AreaName } from './services';

const WEEK = 7 * TIME.DAY;
const CHINA = 8 * TIME.HOUR;

/** Sensors of each type at scale 1. */
export const SENSORS_PER_SCALE: Readonly<Record<string, { prefix: string; n: number }>> = {
	water_quality: { prefix: 'WQ', n: 60 },
	smart_meter: { prefix: 'SM', n: 250 },
	smoke: { prefix: 'SD', n: 120 },
	manhole_tilt: { prefix: 'MT', n: 70 },
	noise: { prefix: 'NS', n: 10 }
};

interface PlannedAlert {
	rule: string;
	value: number;
	message: string;
	openedAt: number;
	/** When the anomaly ended (null: still going on at `now`). */
	endedAt: number | null;
}

interface Series {
	metric: string;
	values: Float64Array;
}

interface PlannedSensor {
	code: string;
	type: string;
	cell: Cell;
	lon: number;
	lat: number;
	status: 'active' | 'fault';
	keyHash: string;
	installedAt: number;
	/** Readings stop here (a silent sensor), else null. */
	silentFrom: number | null;
	household: { name: string; phone: string; address: string; aged: number } | null;
	series: Series[];
	alerts: PlannedAlert[];
}

/** Reading times of a type in the week ending at now: whole multiples of the interval. */
function timesOf(now: number, intervalS: number): Float64Array {
	const step = intervalS * 1000;
	const first = Math.ceil((now - WEEK) / step) * step;
	const n = Math.floor((now - first) / step) + 1;
	const ts = new Float64Array(n);
	for (let k = 0; k < n; k++) ts[k] = first + k * step;
	return ts;
}

/** China-local hour of day (fractional). */
function hourOf(t: number): number {
	return ((((t + CHINA) % TIME.DAY) + TIME.DAY) % TIME.DAY) / TIME.HOUR;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface Gen {
	series: Series[];
	alerts: PlannedAlert[];
}

function waterQuality(r: Rng, ts: Float64Array, now: number, storm: number | null): Gen {
	const n = ts.length;
	const ph = new Float64Array(n);
	const turb = new Float64Array(n);
	const dox = new Float64Array(n);
	const alerts: PlannedAlert[] = [];
	// pH excursions (an illicit discharge), separated by at least a day.
	const episodes: { start: number; end: number; level: number }[] = [];
	const k = r.chance(0.14) ? (r.chance(0.3) ? 2 : 1) : 0;
	let earliest = now - WEEK + 6 * TIME.HOUR;
	for (let e = 0; e < k; e++) {
		const start = r.uniform(earliest, now - 25 * TIME.MINUTE);
		const end = start + r.uniform(25, 150) * TIME.MINUTE;
		episodes.push({ start, end, level: r.uniform(5.2, 5.8) });
		earliest = end + TIME.DAY;
		if (earliest > now - TIME.HOUR) break;
	}
	const base = r.uniform(7.0, 7.5);
	const turbBase = r.uniform(4, 20);
	const magnitude = storm === null ? 0 : r.uniform(60, 250);
	for (let i = 0; i < n; i++) {
		const t = ts[i]!;
		const h = hourOf(t);
		const ep = episodes.find((e) => t >= e.start && t <= e.end);
		ph[i] = r2(
			ep
				? ep.level + r.normal(0, 0.08)
				: base + 0.12 * Math.sin(((h - 9) / 24) * 2 * Math.PI) + r.normal(0, 0.05)
		);
		let tu = turbBase * Math.exp(r.normal(0, 0.15));
		if (storm !== null && t >= storm) {
			const dt = (t - storm) / TIME.MINUTE;
			tu += dt < 30 ? (magnitude * dt) / 30 : magnitude * Math.exp(-(dt - 30) / 180);
		}
		turb[i] = r1(Math.min(1000, tu));
		dox[i] = r2(
			ep
				? 3.5 + r.normal(0, 0.3)
				: 8 + 1.3 * Math.sin(((h - 9) / 24) * 2 * Math.PI) + r.normal(0, 0.2)
		);
	}
	for (const e of episodes) {
		alerts.push({
			rule: ruleKey('water_quality', 'threshold', 'ph'),
			value: r2(e.level),
			message: `pH ${e.level.toFixed(1)}，低于 6，持续超过 10 分钟`,
			openedAt: e.start + 10 * TIME.MINUTE,
			endedAt: e.end <= now ? e.end : null
		});
	}
	if (storm !== null && storm + 30 * TIME.MINUTE <= now) {
		const end = storm + 6 * TIME.HOUR;
		alerts.push({
			rule: ruleKey('water_quality', 'rate', 'turbidity'),
			value: r1(magnitude),
			message: `浊度 1 小时内上升 ${Math.round(magnitude)} NTU`,
			openedAt: storm + 30 * TIME.MINUTE,
			endedAt: end <= now ? end : null
		});
	}
	return {
		series: [
			{ metric: 'ph', values: ph },
			{ metric: 'turbidity', values: turb },
			{ metric: 'do', values: dox }
		],
		alerts
	};
}

/** A household's electricity use per hour of the day (kWh), before its own scale. */
const HOURLY_KWH = [
	0.06, 0.05, 0.05, 0.05, 0.05, 0.08, 0.18, 0.5, 0.55, 0.3, 0.25, 0.35, 0.5, 0.3, 0.25, 0.25, 0.3,
	0.45, 0.8, 0.9, 0.7, 0.45, 0.25, 0.1
];

function smartMeter(r: Rng, ts: Float64Array, now: number): Gen {
	const n = ts.length;
	const kwh = new Float64Array(n);
	const alerts: PlannedAlert[] = [];
	const scale = r.uniform(0.6, 1.5);
	// No use for a whole day (a fall, a hospital stay): 06:00 until the neighbour checks at night,
	// or since yesterday morning and still going on.
	let quiet: { start: number; end: number } | null = null;
	if (r.chance(0.035)) {
		const today = Math.floor((now + CHINA) / TIME.DAY) * TIME.DAY - CHINA;
		if (r.chance(0.3)) {
			quiet = { start: today - TIME.DAY + 6 * TIME.HOUR, end: Infinity };
		} else {
			const day = today - r.int(2, 6) * TIME.DAY;
			quiet = { start: day + 6 * TIME.HOUR, end: day + r.uniform(20.5, 23) * TIME.HOUR };
		}
	}
	for (let i = 0; i < n; i++) {
		const t = ts[i]!;
		if (quiet && t >= quiet.start && t <= quiet.end) {
			kwh[i] = 0;
			continue;
		}
		const h = Math.floor(hourOf(t));
		kwh[i] = r3(Math.min(10, (HOURLY_KWH[h] ?? 0.2) * scale * Math.exp(r.normal(0, 0.25))));
	}
	if (quiet) {
		// 12 daytime hours (from 07:00) without use.
		const opened = quiet.start + 13 * TIME.HOUR;
		if (opened <= now) {
			alerts.push({
				rule: ruleKey('smart_meter', 'no_activity', 'kwh'),
				value: 0,
				message: '白天连续 12 小时无用电，请上门探视',
				openedAt: opened,
				endedAt: quiet.end <= now ? quiet.end : null
			});
		}
	}
	return { series: [{ metric: 'kwh', values: kwh }], alerts };
}

function smoke(r: Rng, ts: Float64Array, now: number): Gen {
	const n = ts.length;
	const s = new Float64Array(n);
	const b = new Float64Array(n);
	const alerts: PlannedAlert[] = [];
	const spike = r.chance(0.02)
		? (() => {
				const start = r.uniform(now - WEEK + TIME.DAY, now - TIME.HOUR);
				return { start, end: start + r.uniform(1, 3) * TIME.HOUR, level: r.uniform(0.6, 0.95) };
			})()
		: null;
	const low = r.chance(0.04);
	const b0 = low ? r.uniform(8, 14) : r.uniform(35, 100);
	for (let i = 0; i < n; i++) {
		const t = ts[i]!;
		const on = spike !== null && t >= spike.start && t <= spike.end;
		s[i] = r3(on ? spike.level + r.normal(0, 0.03) : r.next() * 0.02);
		b[i] = Math.max(0, Math.round(b0 - ((t - (now - WEEK)) / TIME.DAY) * 0.1));
	}
	if (spike) {
		alerts.push({
			rule: ruleKey('smoke', 'threshold', 'smoke'),
			value: r2(spike.level),
			message: `烟雾浓度 ${spike.level.toFixed(2)}，疑似火情`,
			openedAt: spike.start,
			endedAt: spike.end <= now ? spike.end : null
		});
	}
	if (low && ts.length > 0) {
		alerts.push({
			rule: ruleKey('smoke', 'threshold', 'battery'),
			value: Math.round(b0),
			message: `电量 ${Math.round(b0)}%，请更换电池`,
			openedAt: ts[0]!,
			endedAt: null
		});
	}
	return {
		series: [
			{ metric: 'smoke', values: s },
			{ metric: 'battery', values: b }
		],
		alerts
	};
}

function manholeTilt(r: Rng, ts: Float64Array, now: number): Gen {
	const n = ts.length;
	const tilt = new Float64Array(n);
	const alerts: PlannedAlert[] = [];
	const base = r.uniform(0.5, 1.5);
	const shift = r.chance(0.05)
		? (() => {
				const start = r.uniform(now - WEEK + TIME.DAY, now - 2 * TIME.HOUR);
				return { start, end: start + r.uniform(3, 30) * TIME.HOUR, level: r.uniform(18, 45) };
			})()
		: null;
	for (let i = 0; i < n; i++) {
		const t = ts[i]!;
		const on = shift !== null && t >= shift.start && t <= shift.end;
		tilt[i] = r2(Math.max(0, on ? shift.level + r.normal(0, 0.5) : base + r.normal(0, 0.25)));
	}
	if (shift) {
		alerts.push({
			rule: ruleKey('manhole_tilt', 'threshold', 'tilt'),
			value: r1(shift.level),
			message: `井盖倾斜 ${shift.level.toFixed(0)}°，疑似移位`,
			openedAt: shift.start,
			endedAt: shift.end <= now ? shift.end : null
		});
	}
	return { series: [{ metric: 'tilt', values: tilt }], alerts };
}

function noise(r: Rng, ts: Float64Array, now: number): Gen {
	const n = ts.length;
	const db = new Float64Array(n);
	const alerts: PlannedAlert[] = [];
	const works = r.chance(0.4)
		? (() => {
				const day =
					Math.floor((now + CHINA) / TIME.DAY) * TIME.DAY - CHINA - r.int(1, 6) * TIME.DAY;
				const start = day + r.uniform(8, 14) * TIME.HOUR;
				return { start, end: start + r.uniform(1, 4) * TIME.HOUR };
			})()
		: null;
	for (let i = 0; i < n; i++) {
		const t = ts[i]!;
		const h = hourOf(t);
		const day = h >= 7 && h < 22;
		const on = works !== null && t >= works.start && t <= works.end;
		db[i] = r1(
			Math.min(140, Math.max(20, on ? 89 + r.normal(0, 2) : (day ? 58 : 45) + r.normal(0, 3)))
		);
	}
	if (works && works.start + 30 * TIME.MINUTE <= now) {
		alerts.push({
			rule: ruleKey('noise', 'threshold', 'db'),
			value: 89,
			message: '噪声超过 85 分贝持续半小时，疑似施工扰民',
			openedAt: works.start + 30 * TIME.MINUTE,
			endedAt: works.end <= now ? works.end : null
		});
	}
	return { series: [{ metric: 'db', values: db }], alerts };
}

export interface SensorResult {
	sensors: number;
	households: number;
	readings: number;
	alerts: number;
	openAlerts: number;
	incidents: number;
	byType: Record<string, number>;
}

export async function seedSensors(
	ctx: SeedContext,
	cells: readonly Cell[],
	areas: readonly AreaName[],
	basemap: readonly BasemapRow[],
	alertRuleIds: ReadonlyMap<string, number>,
	env: SimEnv
): Promise<SensorResult> {
	const r = rng(ctx.seed, 'sensors');
	const now = ctx.now.getTime();
	const count = (type: string) =>
		Math.max(type === 'noise' ? 1 : 2, Math.round((SENSORS_PER_SCALE[type]?.n ?? 0) * ctx.scale));
	const byCode = new Map(areas.map((a) => [a.code, a]));
	const cellById = new Map(cells.map((c) => [c.id, c]));
	const keyHash = () =>
		createHash('sha256').update(r.chars(32, 'abcdefghijklmnopqrstuvwxyz0123456789')).digest('hex');
	const installed = () => Math.round((now - r.uniform(30, 900) * TIME.DAY) / 1000) * 1000;

	const planned: Omit<PlannedSensor, 'series' | 'alerts'>[] = [];

	// Water quality: along the rivers, evenly spaced with a little jitter.
	const rivers = basemap.filter((b) => b.kind === 'river');
	const nWq = count('water_quality');
	const wqIds: number[] = [];
	const wqFrac: number[] = [];
	for (let i = 0; i < nWq; i++) {
		const river = rivers[i % rivers.length]!;
		const k = Math.floor(i / rivers.length);
		const per = Math.ceil(nWq / rivers.length);
		wqIds.push(river.id);
		wqFrac.push(Math.min(0.98, Math.max(0.02, (k + 0.5) / per + r.uniform(-0.2, 0.2) / per)));
	}
	const onRiver = await q<{ ord: number; lon: number; lat: number; cell_id: number | null }>(
		ctx,
		'points_on_lines',
		[wqIds, wqFrac]
	);
	if (onRiver.length !== nWq) throw new Error(`sensors: ${onRiver.length} of ${nWq} river points`);
	const storm = r.uniform(now - 6 * TIME.DAY, now - 12 * TIME.HOUR);
	const stormHit = new Set<string>();
	onRiver.forEach((p, i) => {
		const cell = p.cell_id === null ? undefined : cellById.get(p.cell_id);
		if (!cell) return;
		const code = `WQ-${String(planned.filter((s) => s.type === 'water_quality').length + 1).padStart(4, '0')}`;
		const riverName = rivers.find((b) => b.id === wqIds[i])?.name;
		if (riverName !== '护城河' && r.chance(0.6)) stormHit.add(code);
		planned.push({
			code,
			type: 'water_quality',
			cell,
			lon: round7(p.lon),
			lat: round7(p.lat),
			status: 'active',
			keyHash: keyHash(),
			installedAt: installed(),
			silentFrom: null,
			household: null
		});
	});

	// Smart meters in homes of elderly people living alone.
	const aloneTable = new WeightedTable(cells.map((c) => c.alone));
	const nSm = count('smart_meter');
	const smCells: Cell[] = [];
	for (let i = 0; i < nSm; i++) smCells.push(cells[aloneTable.draw(r)]!);
	const residentsTable = new WeightedTable(cells.map((c) => c.residents));
	const sdCells = Array.from({ length: count('smoke') }, () => cells[residentsTable.draw(r)]!);
	const rootTable = new WeightedTable(cells.map((c) => Math.sqrt(c.residents) + 1));
	const mtCells = Array.from({ length: count('manhole_tilt') }, () => cells[rootTable.draw(r)]!);
	const hotTable = new WeightedTable(
		cells.map(
			(c) =>
				0.05 +
				HOT_SPOTS.reduce((s, h) => s + Math.exp(-(km(c.lon, c.lat, h.lon, h.lat) ** 2) / 0.5), 0)
		)
	);
	const nsCells = Array.from({ length: count('noise') }, () => cells[hotTable.draw(r)]!);
	const pointCells = [...smCells, ...sdCells, ...mtCells, ...nsCells];
	const pts = await randomPointsInCells(ctx, r, pointCells);
	const typed: [string, Cell[]][] = [
		['smart_meter', smCells],
		['smoke', sdCells],
		['manhole_tilt', mtCells],
		['noise', nsCells]
	];
	let k = 0;
	for (const [type, list] of typed) {
		list.forEach((cell, i) => {
			const prefix = SENSORS_PER_SCALE[type]!.prefix;
			const sub = byCode.get(cell.subdistrictCode)?.name ?? '';
			const comm = byCode.get(cell.communityCode)?.name ?? '';
			planned.push({
				code: `${prefix}-${String(i + 1).padStart(4, '0')}`,
				type,
				cell,
				lon: pts.lon[k]!,
				lat: pts.lat[k]!,
				status: 'active',
				keyHash: keyHash(),
				installedAt: installed(),
				silentFrom: null,
				household:
					type === 'smart_meter'
						? {
								name: fakeName(r),
								phone: fakePhone(r),
								address: fakeHomeAddress(r, sub, comm),
								aged: r.int(68, 96)
							}
						: null
			});
			k++;
		});
	}

	// A few sensors fell silent (flat battery, vandalism, lost signal).
	for (const s of planned) {
		if (r.chance(0.02)) {
			s.silentFrom = now - r.uniform(5, 40) * TIME.HOUR;
			if (r.chance(0.4)) s.status = 'fault';
		}
	}

	// Readings and the anomalies' alerts.
	const interval = new Map(SENSOR_TYPES.map((t) => [t.code, t.intervalS]));
	const times = new Map(SENSOR_TYPES.map((t) => [t.code, timesOf(now, t.intervalS)]));
	const sensors: PlannedSensor[] = planned.map((s) => {
		const ts = times.get(s.type)!;
		const gen =
			s.type === 'water_quality'
				? waterQuality(r, ts, now, stormHit.has(s.code) ? storm : null)
				: s.type === 'smart_meter'
					? smartMeter(r, ts, now)
					: s.type === 'smoke'
						? smoke(r, ts, now)
						: s.type === 'manhole_tilt'
							? manholeTilt(r, ts, now)
							: noise(r, ts, now);
		const alerts = gen.alerts.filter((a) => s.silentFrom === null || a.openedAt < s.silentFrom);
		if (s.silentFrom !== null) {
			const step = (interval.get(s.type) ?? 600) * 1000;
			const opened = Math.ceil(s.silentFrom / step) * step + 3 * step;
			if (opened <= now) {
				alerts.push({
					rule: ruleKey(s.type, 'silence', null),
					value: 0,
					message: '连续 3 个周期无数据，设备可能离线',
					openedAt: opened,
					endedAt: null
				});
			}
		}
		return { ...s, series: gen.series, alerts };
	});

	// Households first (reserved ids), then sensors.
	const withHome = sensors.filter((s) => s.household !== null);
	const hhIds = (await q<{ id: number }>(ctx, 'reserve_ids', ['household', withHome.length])).map(
		(x) => x.id
	);
	const homes = await chunked(
		ctx,
		'insert_households',
		[
			hhIds,
			withHome.map((s) => s.cell.id),
			withHome.map((s) => s.cell.subdistrictCode),
			withHome.map((s) => s.household!.name),
			withHome.map((s) => s.household!.phone),
			withHome.map((s) => s.household!.address),
			withHome.map(() => 1),
			withHome.map(() => true),
			withHome.map((s) => s.household!.aged)
		],
		10_000
	);
	if (homes.length !== withHome.length)
		throw new Error(`households: inserted ${homes.length} of ${withHome.length}`);
	const householdOf = new Map(withHome.map((s, i) => [s.code, hhIds[i]!]));
	const lastSeen = (s: PlannedSensor) => {
		const ts = times.get(s.type)!;
		for (let i = ts.length - 1; i >= 0; i--)
			if (s.silentFrom === null || ts[i]! < s.silentFrom) return ts[i]!;
		return null;
	};
	const sensorRows = await chunked<{ id: number; code: string }>(
		ctx,
		'insert_sensors',
		[
			sensors.map((s) => s.code),
			sensors.map((s) => s.type),
			sensors.map((s) => s.status),
			sensors.map((s) => householdOf.get(s.code) ?? null),
			sensors.map((s) => s.keyHash),
			sensors.map((s) => s.installedAt / 1000),
			sensors.map((s) => {
				const t = lastSeen(s);
				return t === null ? null : t / 1000;
			}),
			sensors.map((s) => s.lon),
			sensors.map((s) => s.lat)
		],
		10_000
	);
	const idOf = new Map(sensorRows.map((x) => [x.code, x.id]));
	if (idOf.size !== sensors.length)
		throw new Error(`sensors: inserted ${idOf.size} of ${sensors.length}`);

	const readings = await insertReadings(ctx, sensors, times, idOf);

	// Alerts: resolved when the anomaly ended, acknowledged by an operator on the way.
	const alerts = sensors.flatMap((s) => s.alerts.map((a) => ({ s, a })));
	const alertIds = (await q<{ id: number }>(ctx, 'reserve_ids', ['alert', alerts.length])).map(
		(x) => x.id
	);
	const rules = new Map(ALERT_RULES.map((x) => [ruleKey(x.sensorType, x.kind, x.metric), x]));
	const rows = alerts.map(({ s, a }) => {
		const rule = rules.get(a.rule)!;
		const ack = a.openedAt + r.uniform(3, 40) * TIME.MINUTE;
		const resolved = a.endedAt === null ? null : a.endedAt + r.uniform(5, 60) * TIME.MINUTE;
		const isResolved = resolved !== null && resolved <= now;
		const isAck = isResolved || (ack <= now && r.chance(0.5));
		return {
			sensorId: idOf.get(s.code)!,
			ruleId: alertRuleIds.get(a.rule)!,
			severity: rule.severity,
			state: isResolved ? 'resolved' : isAck ? 'acknowledged' : 'open',
			value: a.value,
			message: a.message,
			openedAt: Math.round(a.openedAt / 1000),
			ackAt: isAck ? Math.round(ack / 1000) : null,
			resolvedAt: isResolved ? Math.round(resolved / 1000) : null,
			opensCase: rule.opensCase ? rule.caseCategory : null,
			sensor: s
		};
	});
	const inserted = await chunked(
		ctx,
		'insert_alerts',
		[
			alertIds,
			rows.map((x) => x.sensorId),
			rows.map((x) => x.ruleId),
			rows.map((x) => x.severity),
			rows.map((x) => x.state),
			rows.map((x) => x.value),
			rows.map((x) => x.message),
			rows.map((x) => x.openedAt),
			rows.map((x) => x.ackAt),
			rows.map((x) => x.resolvedAt)
		],
		10_000
	);

	if (inserted.length !== rows.length)
		throw new Error(`alerts: inserted ${inserted.length} of ${rows.length}`);

	// Cases opened by alerts: filed and dispatched by the system, at the sensor.
	const caseRows = rows
		.map((x, i) => ({ x, id: alertIds[i]! }))
		.filter((y) => y.x.opensCase !== null);
	const plan: PlannedIncident[] = caseRows.map(({ x }) => {
		const category = categoryByCode(x.opensCase!)!;
		const spec = {
			category,
			source: 'sensor' as const,
			reportedAt: x.openedAt * 1000 + 30_000,
			subdistrict: x.sensor.cell.subdistrictCode
		};
		const events = cutAt(simulate(spec, r, env), now);
		const comm = byCode.get(x.sensor.cell.communityCode)?.name ?? '';
		const sub = byCode.get(x.sensor.cell.subdistrictCode)?.name ?? '';
		return {
			cell: 0,
			spec,
			tracking: `S${r.chars(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
			priority: 1,
			description: `${x.sensor.code} 告警：${x.message}`,
			address: `济南市历下区${sub}${comm}`,
			events,
			derived: derive(events, category, env.cal),
			rating: null,
			ratedAt: null,
			contact: null,
			mergedInto: null
		};
	});
	const incidentIds = await insertIncidents(
		ctx,
		plan,
		{ lon: caseRows.map((c) => c.x.sensor.lon), lat: caseRows.map((c) => c.x.sensor.lat) },
		caseRows.map((c) => c.id)
	);
	const linked = await chunked(
		ctx,
		'update_alert_incidents',
		[caseRows.map((c) => c.id), incidentIds],
		10_000
	);
	if (linked.length !== caseRows.length)
		throw new Error(`alerts: linked ${linked.length} of ${caseRows.length}`);

	const byType: Record<string, number> = {};
	for (const s of sensors) byType[s.type] = (byType[s.type] ?? 0) + 1;
	return {
		sensors: sensors.length,
		households: withHome.length,
		readings,
		alerts: rows.length,
		openAlerts: rows.filter((x) => x.state !== 'resolved').length,
		incidents: plan.length,
		byType
	};
}

const READING_CHUNK = 20_000;

async function insertReadings(
	ctx: SeedContext,
	sensors: readonly PlannedSensor[],
	times: ReadonlyMap<string, Float64Array>,
	idOf: ReadonlyMap<string, number>
): Promise<number> {
	const pipe = new Pipeline<{ n: number }>(ctx, 'insert_readings');
	let sent = 0;
	let ids: number[] = [];
	let metrics: string[] = [];
	let ts: number[] = [];
	let values: number[] = [];
	const flush = async () => {
		if (ids.length === 0) return;
		sent += ids.length;
		await pipe.send([ids, metrics, ts, values]);
		ids = [];
		metrics = [];
		ts = [];
		values = [];
	};
	for (const s of sensors) {
		const id = idOf.get(s.code)!;
		const when = times.get(s.type)!;
		for (const series of s.series) {
			for (let i = 0; i < when.length; i++) {
				const t = when[i]!;
				if (s.silentFrom !== null && t >= s.silentFrom) break;
				ids.push(id);
				metrics.push(series.metric);
				ts.push(t / 1000);
				values.push(series.values[i]!);
				if (ids.length >= READING_CHUNK) await flush();
			}
		}
	}
	await flush();
	const inserted = (await pipe.finish()).reduce((a, r) => a + r.n, 0);
	if (inserted !== sent) throw new Error(`readings: inserted ${inserted} of ${sent}`);
	return inserted;
}
