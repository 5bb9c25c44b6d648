/**
 * Reference data: departments and the case taxonomy (from lib/domain/categories), the duty list,
 * the holiday calendar (lib/domain/calendar), sensor types and their default alert rules.
 */
import { CHINA_PUBLIC_HOLIDAYS } from '../../domain/calendar';
import {
	CATEGORIES,
	CATEGORY_MAJORS,
	DEPARTMENTS,
	SENSOR_CATEGORY,
	majorCodeOf
} from '../../domain/categories';
import { q, type SeedContext } from './context';
import { subdistrictCode } from './admin';

/** Department kinds: the subdistrict office itself, state-owned utilities, the rest functional. */
const DEPARTMENT_KIND: Readonly<Record<string, 'subdistrict' | 'functional' | 'enterprise'>> = {
	subdistrict: 'subdistrict',
	power_supply: 'enterprise'
};

export interface RoutingRule {
	category: string;
	area: string | null;
	department: string;
	responsibility: 'primary' | 'assisting';
	priority: number;
	autoDispatch: boolean;
}

/** Area-specific duty-list entries (priority 10 beats the category default at 100). */
const SPECIAL_RULES: readonly Omit<RoutingRule, 'responsibility' | 'autoDispatch'>[] = [
	// Comprehensive enforcement sunk to the old-town subdistricts (街道综合执法).
	...[3, 4, 5].flatMap((seq) => [
		{ category: '20401', area: subdistrictCode(seq), department: 'subdistrict', priority: 10 },
		{ category: '20403', area: subdistrictCode(seq), department: 'subdistrict', priority: 10 }
	]),
	// The lake and the moat are run by the scenic-area (gardens) authority.
	{ category: '20105', area: subdistrictCode(5), department: 'gardens', priority: 10 },
	// Semi-rural Longdong: the subdistrict keeps its own sanitation crews.
	{ category: '20101', area: subdistrictCode(12), department: 'subdistrict', priority: 10 },
	{ category: '20102', area: subdistrictCode(12), department: 'subdistrict', priority: 10 },
	// Shunhualu's building sites are the construction bureau's, not housing's.
	{ category: '20302', area: subdistrictCode(14), department: 'urban_management', priority: 10 }
];

/** Shared duties: a second department assists the primary one (for 吹哨报到 joint dispatch). */
const ASSISTING: readonly [category: string, department: string][] = [
	['20402', 'urban_management'],
	['20104', 'housing_construction'],
	['20502', 'emergency'],
	['20501', 'transport'],
	['20503', 'subdistrict'],
	['20701', 'subdistrict'],
	['20801', 'subdistrict'],
	['20601', 'subdistrict']
];

export function routingRules(): RoutingRule[] {
	const sensorCategories = new Set(Object.values(SENSOR_CATEGORY));
	const rules: RoutingRule[] = CATEGORIES.map((c) => ({
		category: c.code,
		area: null,
		department: c.department,
		responsibility: 'primary',
		priority: 100,
		// Sensor alerts and emergencies go straight to the department, no operator in between.
		autoDispatch: sensorCategories.has(c.code) || c.urgent
	}));
	for (const s of SPECIAL_RULES)
		rules.push({ ...s, responsibility: 'primary', autoDispatch: false });
	for (const [category, department] of ASSISTING) {
		rules.push({
			category,
			area: null,
			department,
			responsibility: 'assisting',
			priority: 100,
			autoDispatch: false
		});
	}
	return rules;
}

/**
 * The primary department for a category in a subdistrict: the area rule if any, else the default.
 */
export function routeCase(
	rules: readonly RoutingRule[],
	category: string,
	subdistrict: string
): string {
	let best: RoutingRule | undefined;
	for (const r of rules) {
		if (r.category !== category || r.responsibility !== 'primary') continue;
		if (r.area !== null && r.area !== subdistrict) continue;
		if (!best || r.priority < best.priority) best = r;
	}
	if (!best) throw new Error(`no routing rule for category ${category}`);
	return best.department;
}

export interface SensorTypeDef {
	code: string;
	name: string;
	nameEn: string;
	metrics: { name: string; unit: string; min: number; max: number }[];
	intervalS: number;
}

export const SENSOR_TYPES: readonly SensorTypeDef[] = [
	{
		code: 'water_quality',
		name: '水质监测仪',
		nameEn: 'Water-quality probe',
		metrics: [
			{ name: 'ph', unit: 'pH', min: 0, max: 14 },
			{ name: 'turbidity', unit: 'NTU', min: 0, max: 1000 },
			{ name: 'do', unit: 'mg/L', min: 0, max: 20 }
		],
		intervalS: 600
	},
	{
		code: 'smart_meter',
		name: '智能电表',
		nameEn: 'Smart electricity meter',
		metrics: [{ name: 'kwh', unit: 'kWh', min: 0, max: 10 }],
		intervalS: 3600
	},
	{
		code: 'smoke',
		name: '烟感报警器',
		nameEn: 'Smoke detector',
		metrics: [
			{ name: 'smoke', unit: '', min: 0, max: 1 },
			{ name: 'battery', unit: '%', min: 0, max: 100 }
		],
		intervalS: 3600
	},
	{
		code: 'manhole_tilt',
		name: '井盖倾斜传感器',
		nameEn: 'Manhole-cover tilt sensor',
		metrics: [{ name: 'tilt', unit: '°', min: 0, max: 90 }],
		intervalS: 3600
	},
	{
		code: 'noise',
		name: '噪声监测仪',
		nameEn: 'Noise monitor',
		metrics: [{ name: 'db', unit: 'dB(A)', min: 20, max: 140 }],
		intervalS: 600
	}
];

export interface AlertRuleDef {
	sensorType: string;
	kind: 'threshold' | 'rate' | 'no_activity' | 'silence';
	metric: string | null;
	/**
	 * threshold: alert while value < lt or > gt or >= gte, sustained for forSeconds (default 0);
	 * rate: |change| > maxChange within perSeconds; no_activity: every reading <= maxValue for
	 * `hours` hours counted only between daytimeStart and daytimeEnd (China time); silence: no
	 * reading for `intervals` reporting intervals.
	 */
	params: Record<string, unknown>;
	severity: 'red' | 'yellow' | 'blue';
	opensCase: boolean;
	caseCategory: string | null;
	name: string;
	nameEn: string;
}

export const ALERT_RULES: readonly AlertRuleDef[] = [
	{
		sensorType: 'water_quality',
		kind: 'threshold',
		metric: 'ph',
		params: { lt: 6, gt: 9, forSeconds: 600 },
		severity: 'yellow',
		opensCase: true,
		caseCategory: SENSOR_CATEGORY.water_quality,
		name: 'pH 超出 6–9 持续 10 分钟',
		nameEn: 'pH outside 6–9 for 10 minutes'
	},
	{
		sensorType: 'water_quality',
		kind: 'rate',
		metric: 'turbidity',
		params: { maxChange: 50, perSeconds: 3600 },
		severity: 'yellow',
		opensCase: false,
		caseCategory: null,
		name: '浊度骤变',
		nameEn: 'Sudden change in turbidity'
	},
	{
		sensorType: 'smart_meter',
		kind: 'no_activity',
		metric: 'kwh',
		params: { maxValue: 0.01, hours: 12, daytimeStart: '07:00', daytimeEnd: '22:00' },
		severity: 'red',
		opensCase: true,
		caseCategory: SENSOR_CATEGORY.electricity,
		name: '独居老人家中白天 12 小时无用电',
		nameEn: 'No electricity use for 12 daytime hours'
	},
	{
		sensorType: 'smoke',
		kind: 'threshold',
		metric: 'smoke',
		params: { gte: 0.5 },
		severity: 'red',
		opensCase: true,
		caseCategory: SENSOR_CATEGORY.smoke,
		name: '烟雾报警',
		nameEn: 'Smoke alarm'
	},
	{
		sensorType: 'smoke',
		kind: 'threshold',
		metric: 'battery',
		params: { lt: 15 },
		severity: 'blue',
		opensCase: false,
		caseCategory: null,
		name: '烟感电量低',
		nameEn: 'Smoke detector battery low'
	},
	{
		sensorType: 'manhole_tilt',
		kind: 'threshold',
		metric: 'tilt',
		params: { gte: 15 },
		severity: 'red',
		opensCase: true,
		caseCategory: SENSOR_CATEGORY.manhole_tilt,
		name: '井盖倾斜超过 15°',
		nameEn: 'Manhole cover tilted over 15°'
	},
	{
		sensorType: 'noise',
		kind: 'threshold',
		metric: 'db',
		params: { gt: 85, forSeconds: 1800 },
		severity: 'blue',
		opensCase: false,
		caseCategory: null,
		name: '噪声超过 85 分贝持续半小时',
		nameEn: 'Noise above 85 dB for half an hour'
	},
	...SENSOR_TYPES.map((t): AlertRuleDef => ({
		sensorType: t.code,
		kind: 'silence',
		metric: null,
		params: { intervals: 3 },
		severity: 'blue',
		opensCase: false,
		caseCategory: null,
		name: `${t.name}离线（3 个周期无数据）`,
		nameEn: `${t.nameEn} silent for 3 intervals`
	}))
];

export function ruleKey(sensorType: string, kind: string, metric: string | null): string {
	return `${sensorType}/${kind}/${metric ?? '*'}`;
}

export interface ReferenceResult {
	rules: RoutingRule[];
	/** Alert rule ids by ruleKey(). */
	alertRuleIds: Map<string, number>;
	counts: Record<string, number>;
}

export async function seedReference(ctx: SeedContext): Promise<ReferenceResult> {
	const deps = await q(ctx, 'insert_departments', [
		DEPARTMENTS.map((d) => d.code),
		DEPARTMENTS.map((d) => d.zh),
		DEPARTMENTS.map((d) => d.en),
		DEPARTMENTS.map((d) => DEPARTMENT_KIND[d.code] ?? 'functional')
	]);

	const majorWeight = new Map<string, number>();
	for (const c of CATEGORIES) {
		majorWeight.set(majorCodeOf(c.code), (majorWeight.get(majorCodeOf(c.code)) ?? 0) + c.weight);
	}
	const majors = CATEGORY_MAJORS;
	const cats = await q(ctx, 'insert_categories', [
		[...majors.map((m) => m.code), ...CATEGORIES.map((c) => c.code)],
		[...majors.map(() => null), ...CATEGORIES.map((c) => majorCodeOf(c.code))],
		[...majors.map((m) => m.kind), ...CATEGORIES.map((c) => c.kind)],
		[...majors.map((m) => m.zh), ...CATEGORIES.map((c) => c.zh)],
		[...majors.map((m) => m.en), ...CATEGORIES.map((c) => c.en)],
		[...majors.map(() => null), ...CATEGORIES.map((c) => JSON.stringify(c.limits))],
		[...majors.map(() => false), ...CATEGORIES.map((c) => c.urgent)],
		[...majors.map(() => null), ...CATEGORIES.map((c) => c.department)],
		[...majors.map((m) => majorWeight.get(m.code) ?? 0), ...CATEGORIES.map((c) => c.weight)]
	]);

	const rules = routingRules();
	const routing = await q(ctx, 'insert_routing_rules', [
		rules.map((r) => r.category),
		rules.map((r) => r.area),
		rules.map((r) => r.department),
		rules.map((r) => r.responsibility),
		rules.map((r) => r.priority),
		rules.map((r) => r.autoDispatch)
	]);

	const days: string[] = [];
	const working: boolean[] = [];
	const notes: string[] = [];
	for (const year of Object.keys(CHINA_PUBLIC_HOLIDAYS).sort()) {
		const y = CHINA_PUBLIC_HOLIDAYS[Number(year)];
		if (!y) continue;
		for (const d of y.holidays) {
			days.push(d);
			working.push(false);
			notes.push('法定节假日 public holiday');
		}
		for (const d of y.makeupWorkdays) {
			days.push(d);
			working.push(true);
			notes.push('调休上班 make-up working day');
		}
	}
	const cal = await q(ctx, 'insert_calendar_days', [days, working, notes]);

	const types = await q(ctx, 'insert_sensor_types', [
		SENSOR_TYPES.map((t) => t.code),
		SENSOR_TYPES.map((t) => t.name),
		SENSOR_TYPES.map((t) => t.nameEn),
		SENSOR_TYPES.map((t) => JSON.stringify(t.metrics)),
		SENSOR_TYPES.map((t) => t.intervalS)
	]);

	const ruleRows = await q<{
		id: number;
		sensor_type: string;
		kind: string;
		metric: string | null;
	}>(ctx, 'insert_alert_rules', [
		ALERT_RULES.map((r) => r.sensorType),
		ALERT_RULES.map((r) => r.kind),
		ALERT_RULES.map((r) => r.metric),
		ALERT_RULES.map((r) => JSON.stringify(r.params)),
		ALERT_RULES.map((r) => r.severity),
		ALERT_RULES.map((r) => r.opensCase),
		ALERT_RULES.map((r) => r.caseCategory),
		ALERT_RULES.map((r) => r.name),
		ALERT_RULES.map((r) => r.nameEn)
	]);
	const alertRuleIds = new Map(
		ruleRows.map((r) => [ruleKey(r.sensor_type, r.kind, r.metric), r.id])
	);
	const counts = {
		departments: deps.length,
		categories: cats.length,
		routingRules: routing.length,
		calendarDays: cal.length,
		sensorTypes: types.length,
		alertRules: ruleRows.length
	};
	const expected = {
		departments: DEPARTMENTS.length,
		categories: majors.length + CATEGORIES.length,
		routingRules: rules.length,
		calendarDays: days.length,
		sensorTypes: SENSOR_TYPES.length,
		alertRules: ALERT_RULES.length
	};
	for (const [k, v] of Object.entries(expected)) {
		if (counts[k as keyof typeof counts] !== v)
			throw new Error(`reference: ${k} ${counts[k as keyof typeof counts]} ≠ ${v}`);
	}
	return { rules, alertRuleIds, counts };
}
