/**
 * The default case taxonomy: components (部件, things that break) and events (事件, things that
 * happen), after the national digital-city-management standard's structure. A code is the type
 * digit (1 component, 2 event) + a 2-digit major class + a 2-digit subclass, e.g. '10101' for a
 * water-supply manhole cover (the standard's 0101). Major classes follow DOMAIN.md; the subclass
 * numbering, time limits, departments and demo weights are our defaults, and every deployment
 * loads its own into the `category` table.
 */
import { z } from 'zod';
import { TIME_UNITS } from './calendar';
import type { SlaStage } from './cases';

/**
 * A time limit. `clock: 'working'` (the default) counts on the working calendar; `'natural'`
 * counts wall-clock time, for emergencies that do not wait for Monday (a flooded street at 2 am).
 */
export const timeLimitSchema = z.object({
	amount: z.number().positive().finite(),
	unit: z.enum(TIME_UNITS),
	clock: z.enum(['working', 'natural']).optional()
});
export type TimeLimit = z.infer<typeof timeLimitSchema>;

/** One limit per SLA stage (see cases.ts for when each stage's clock starts). */
export const stageLimitsSchema = z.object({
	filing: timeLimitSchema,
	handling: timeLimitSchema,
	verification: timeLimitSchema
});
export type StageLimits = Readonly<Record<SlaStage, TimeLimit>>;

export const CATEGORY_KINDS = ['component', 'event'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** Sensor feeds whose alerts raise cases (DOMAIN.md, "Sensors"). */
export const SENSOR_KINDS = ['water_quality', 'electricity', 'smoke', 'manhole_tilt'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** A department that cases are dispatched to. */
export interface Department {
	readonly code: string;
	readonly zh: string;
	readonly en: string;
}

/** A major class (大类): type digit + 2 digits. */
export interface CategoryMajor {
	readonly code: string;
	readonly kind: CategoryKind;
	readonly zh: string;
	readonly en: string;
}

export const departmentSchema = z.object({
	code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case code'),
	zh: z.string().min(1),
	en: z.string().min(1)
});

/** A subcategory (小类), the unit cases are filed under. */
export const categorySchema = z
	.object({
		code: z.string().regex(/^[12]\d{4}$/, 'type digit (1|2) + 2-digit major + 2-digit sub'),
		kind: z.enum(CATEGORY_KINDS),
		zh: z.string().min(1),
		en: z.string().min(1),
		limits: stageLimitsSchema,
		/** Department with first responsibility when the duty list has no area-specific rule. */
		department: z.string().min(1),
		/** Relative frequency for demo data; only ratios matter. */
		weight: z.number().nonnegative().finite(),
		/** Threatens safety: filed in 10 minutes, timed on the natural clock, red warning tier. */
		urgent: z.boolean(),
		/** The sensor feed that raises this category automatically, if any. */
		sensor: z.enum(SENSOR_KINDS).nullable()
	})
	.refine((c) => (c.kind === 'component') === c.code.startsWith('1'), {
		message: "code's first digit must match kind (1 component, 2 event)",
		path: ['code']
	});
export type Category = z.infer<typeof categorySchema>;

/** Default departments (职能部门). Codes are stable keys; names are for display. */
export const DEPARTMENTS: readonly Department[] = [
	{ code: 'subdistrict', zh: '街道办事处', en: 'Subdistrict office' },
	{ code: 'urban_management', zh: '城管执法', en: 'Urban management' },
	{ code: 'housing_construction', zh: '住房和城乡建设', en: 'Housing and construction' },
	{ code: 'water', zh: '水务', en: 'Water authority' },
	{ code: 'transport', zh: '交通运输', en: 'Transport' },
	{ code: 'gardens', zh: '园林绿化', en: 'Parks and gardens' },
	{ code: 'market_regulation', zh: '市场监管', en: 'Market regulation' },
	{ code: 'public_security', zh: '公安', en: 'Public security' },
	{ code: 'sanitation', zh: '环境卫生', en: 'Environmental sanitation' },
	{ code: 'power_supply', zh: '供电', en: 'Power supply' },
	{ code: 'fire', zh: '消防救援', en: 'Fire and rescue' },
	{ code: 'emergency', zh: '应急管理', en: 'Emergency management' },
	{ code: 'civil_affairs', zh: '民政', en: 'Civil affairs' }
];

/** Default major classes, components first. */
export const CATEGORY_MAJORS: readonly CategoryMajor[] = [
	{ code: '101', kind: 'component', zh: '公用设施', en: 'Public utilities' },
	{ code: '102', kind: 'component', zh: '道路交通', en: 'Road traffic' },
	{ code: '103', kind: 'component', zh: '市容环境', en: 'City appearance and environment' },
	{ code: '104', kind: 'component', zh: '园林绿化', en: 'Landscaping' },
	{ code: '105', kind: 'component', zh: '房屋土地', en: 'Buildings and land' },
	{ code: '106', kind: 'component', zh: '其他设施', en: 'Other facilities' },
	{ code: '201', kind: 'event', zh: '市容环境', en: 'City appearance and environment' },
	{ code: '202', kind: 'event', zh: '宣传广告', en: 'Advertising' },
	{ code: '203', kind: 'event', zh: '施工管理', en: 'Construction' },
	{ code: '204', kind: 'event', zh: '街面秩序', en: 'Street order' },
	{ code: '205', kind: 'event', zh: '突发事件', en: 'Emergencies' },
	{ code: '206', kind: 'event', zh: '市场监管', en: 'Market regulation' },
	{ code: '207', kind: 'event', zh: '民生服务', en: 'Social welfare' },
	{ code: '208', kind: 'event', zh: '安全隐患', en: 'Safety hazards' },
	{ code: '209', kind: 'event', zh: '其他事件', en: 'Other events' }
];

/** DOMAIN.md: filing + dispatch within 30 minutes (normal) or 10 (urgent); verification 1 h. */
export const DEFAULT_FILING_LIMIT: TimeLimit = { amount: 30, unit: 'minutes', clock: 'working' };
export const URGENT_FILING_LIMIT: TimeLimit = { amount: 10, unit: 'minutes', clock: 'natural' };
export const DEFAULT_VERIFICATION_LIMIT: TimeLimit = { amount: 1, unit: 'hours', clock: 'working' };
export const URGENT_VERIFICATION_LIMIT: TimeLimit = {
	amount: 1,
	unit: 'hours',
	clock: 'natural'
};

function normal(amount: number, unit: 'hours' | 'days'): StageLimits {
	return {
		filing: DEFAULT_FILING_LIMIT,
		handling: { amount, unit, clock: 'working' },
		verification: DEFAULT_VERIFICATION_LIMIT
	};
}

function urgent(hours: number): StageLimits {
	return {
		filing: URGENT_FILING_LIMIT,
		handling: { amount: hours, unit: 'hours', clock: 'natural' },
		verification: URGENT_VERIFICATION_LIMIT
	};
}

type Row = [
	code: string,
	zh: string,
	en: string,
	limits: StageLimits,
	department: string,
	weight: number,
	sensor?: SensorKind
];

// Weights: exposed rubbish, illegal parking, street vending and small ads dominate real case
// logs; illegal structures and emergencies are rare. Sensor categories come from sensor rules,
// so their demo weight is small.
const ROWS: readonly Row[] = [
	// 101 public utilities
	['10101', '上水井盖', 'Water-supply manhole cover', normal(1, 'days'), 'water', 2],
	['10102', '污水井盖', 'Sewage manhole cover', normal(1, 'days'), 'water', 2],
	['10103', '雨水箅子', 'Rainwater grate', normal(1, 'days'), 'water', 2],
	['10104', '路灯', 'Streetlight not lit', normal(1, 'days'), 'urban_management', 4],
	['10105', '电力设施', 'Power facility', normal(2, 'days'), 'power_supply', 1],
	['10106', '消火栓', 'Fire hydrant', normal(3, 'days'), 'fire', 0.5],
	// 102 road traffic
	['10201', '交通信号灯', 'Traffic signal', normal(4, 'hours'), 'transport', 1],
	['10202', '交通护栏', 'Traffic barrier', normal(3, 'days'), 'transport', 1],
	['10203', '公交站亭', 'Bus shelter', normal(3, 'days'), 'transport', 0.5],
	['10204', '人行道板', 'Pavement slabs', normal(5, 'days'), 'housing_construction', 3],
	// 103 city appearance (components)
	['10301', '公共厕所', 'Public toilet', normal(1, 'days'), 'sanitation', 1],
	['10302', '垃圾箱', 'Litter bin', normal(2, 'days'), 'sanitation', 2],
	// 104 landscaping
	['10401', '行道树', 'Street tree', normal(3, 'days'), 'gardens', 2],
	['10402', '绿地', 'Green space', normal(5, 'days'), 'gardens', 1],
	// 105 buildings and land
	['10501', '房屋外立面', 'Building facade', normal(10, 'days'), 'housing_construction', 0.5],
	// 106 other facilities
	['10601', '监控设施', 'Surveillance camera', normal(5, 'days'), 'public_security', 0.3],
	// 201 city appearance and environment (events)
	['20101', '暴露垃圾', 'Exposed rubbish', normal(1, 'days'), 'sanitation', 20],
	['20102', '积存垃圾渣土', 'Accumulated waste', normal(1, 'days'), 'sanitation', 6],
	['20103', '道路不洁', 'Dirty road', normal(5, 'hours'), 'sanitation', 8],
	['20104', '违法建设', 'Illegal structure', normal(15, 'days'), 'urban_management', 0.5],
	['20105', '河道污染', 'Dirty waterway', normal(2, 'days'), 'water', 0.5, 'water_quality'],
	// 202 advertising
	['20201', '非法小广告', 'Illegal small ads', normal(1, 'days'), 'urban_management', 12],
	['20202', '违规户外广告', 'Unauthorised billboard', normal(5, 'days'), 'urban_management', 1],
	// 203 construction
	['20301', '占道施工', 'Road occupied by works', normal(2, 'days'), 'urban_management', 2],
	['20302', '施工扰民', 'Construction noise', normal(1, 'days'), 'housing_construction', 2],
	['20303', '工地扬尘', 'Construction dust', normal(1, 'days'), 'housing_construction', 1.5],
	// 204 street order
	['20401', '无照经营游商', 'Street vending', normal(2, 'hours'), 'urban_management', 12],
	['20402', '违章停车', 'Illegal parking', normal(2, 'hours'), 'public_security', 15],
	['20403', '店外经营', 'Trading outside the shop', normal(1, 'days'), 'urban_management', 6],
	['20404', '非机动车乱停放', 'Bicycles parked in the way', normal(4, 'hours'), 'transport', 5],
	// 205 emergencies
	['20501', '道路塌陷', 'Road collapse', urgent(2), 'emergency', 0.2],
	['20502', '积水内涝', 'Flooding', urgent(2), 'water', 0.5],
	['20503', '烟感火警', 'Smoke or fire alarm', urgent(1), 'fire', 0.3, 'smoke'],
	['20504', '井盖移位', 'Manhole cover displaced', urgent(2), 'water', 0.5, 'manhole_tilt'],
	// 206 market regulation
	['20601', '食品安全隐患', 'Food safety concern', normal(2, 'days'), 'market_regulation', 1.5],
	['20602', '价格违法', 'Pricing violation', normal(5, 'days'), 'market_regulation', 0.5],
	// 207 social welfare
	[
		'20701',
		'独居老人关怀',
		'Elderly welfare check',
		urgent(2),
		'civil_affairs',
		0.5,
		'electricity'
	],
	['20702', '困难群众救助', 'Hardship assistance', normal(5, 'days'), 'civil_affairs', 0.5],
	// 208 safety hazards
	['20801', '占用消防通道', 'Blocked fire lane', normal(4, 'hours'), 'fire', 2],
	['20802', '电动车违规充电', 'E-bike charged indoors', normal(1, 'days'), 'fire', 2],
	['20803', '私拉电线', 'Illegal wiring', normal(2, 'days'), 'power_supply', 1],
	// 209 other
	['20901', '其他事件', 'Other', normal(5, 'days'), 'subdistrict', 2]
];

/**
 * The default subcategories. Urgent ones are exactly those on the natural clock: an emergency
 * or a welfare alert is timed around the clock, everything else in working time.
 */
export const CATEGORIES: readonly Category[] = ROWS.map(
	([code, zh, en, limits, department, weight, sensor]) => ({
		code,
		kind: code.startsWith('1') ? 'component' : 'event',
		zh,
		en,
		limits,
		department,
		weight,
		urgent: limits.handling.clock === 'natural',
		sensor: sensor ?? null
	})
);

const byCode = new Map(CATEGORIES.map((c) => [c.code, c]));
const deptByCode = new Map(DEPARTMENTS.map((d) => [d.code, d]));

/** The category with this code, or undefined. */
export function categoryByCode(code: string): Category | undefined {
	return byCode.get(code);
}

/** The department with this code, or undefined. */
export function departmentByCode(code: string): Department | undefined {
	return deptByCode.get(code);
}

/**
 * The major class code of a category code.
 * @example majorCodeOf('10101') // '101'
 */
export function majorCodeOf(code: string): string {
	return code.slice(0, 3);
}

/** Category code → default department code (the duty list's fallback). */
export const DEFAULT_DEPARTMENT_BY_CATEGORY: Readonly<Record<string, string>> = Object.freeze(
	Object.fromEntries(CATEGORIES.map((c) => [c.code, c.department]))
);

/** Sensor feed → the category its alerts are filed under. */
export const SENSOR_CATEGORY: Readonly<Record<SensorKind, string>> = {
	water_quality: '20105',
	electricity: '20701',
	smoke: '20503',
	manhole_tilt: '20504'
};

/** The stage limit for a category, for computing a deadline at a transition. */
export function stageLimit(category: Category, stage: SlaStage): TimeLimit {
	return category.limits[stage];
}
