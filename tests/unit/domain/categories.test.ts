import { describe, expect, it } from 'vitest';
import {
	CATEGORIES,
	CATEGORY_MAJORS,
	DEFAULT_DEPARTMENT_BY_CATEGORY,
	DEPARTMENTS,
	SENSOR_CATEGORY,
	SENSOR_KINDS,
	categoryByCode,
	categorySchema,
	departmentByCode,
	departmentSchema,
	majorCodeOf,
	stageLimit,
	stageLimitsSchema,
	timeLimitSchema,
	type Category
} from '$lib/domain/categories';

const get = (code: string): Category => {
	const c = categoryByCode(code);
	if (c === undefined) throw new Error(`missing category ${code}`);
	return c;
};

describe('taxonomy shape', () => {
	it('has at least 12 majors and 34 subcategories, every one valid', () => {
		expect(CATEGORY_MAJORS.length).toBeGreaterThanOrEqual(12);
		expect(CATEGORIES.length).toBeGreaterThanOrEqual(34);
		for (const c of CATEGORIES) expect(categorySchema.safeParse(c).success, c.code).toBe(true);
	});

	it('uses unique codes: type digit + 2-digit major + 2-digit sub, under a known major', () => {
		const codes = CATEGORIES.map((c) => c.code);
		expect(new Set(codes).size).toBe(codes.length);
		expect(new Set(CATEGORY_MAJORS.map((m) => m.code)).size).toBe(CATEGORY_MAJORS.length);
		for (const c of CATEGORIES) {
			expect(c.code).toMatch(/^[12]\d{4}$/);
			const major = CATEGORY_MAJORS.find((m) => m.code === majorCodeOf(c.code));
			expect(major, c.code).toBeDefined();
			expect(major?.kind).toBe(c.kind);
			expect(c.zh.length).toBeGreaterThan(0);
			expect(c.en.length).toBeGreaterThan(0);
		}
		expect(get('10101')).toMatchObject({ kind: 'component', zh: '上水井盖' });
		expect(majorCodeOf('10101')).toBe('101');
		// Every major has at least one subcategory.
		for (const m of CATEGORY_MAJORS) {
			expect(
				CATEGORIES.some((c) => majorCodeOf(c.code) === m.code),
				m.code
			).toBe(true);
		}
	});

	it('routes every category to a known department', () => {
		for (const c of CATEGORIES) {
			expect(departmentByCode(c.department), c.code).toBeDefined();
			expect(DEFAULT_DEPARTMENT_BY_CATEGORY[c.code]).toBe(c.department);
		}
	});
});

describe('DOMAIN.md defaults', () => {
	it('files and dispatches within 30 working minutes, or 10 natural minutes when urgent', () => {
		for (const c of CATEGORIES) {
			expect(c.limits.filing, c.code).toEqual(
				c.urgent
					? { amount: 10, unit: 'minutes', clock: 'natural' }
					: { amount: 30, unit: 'minutes', clock: 'working' }
			);
			expect(c.limits.verification.amount, c.code).toBe(1);
			expect(c.limits.verification.unit, c.code).toBe('hours');
		}
	});

	it('has the published handling limits', () => {
		expect(get('20101').limits.handling).toEqual({ amount: 1, unit: 'days', clock: 'working' });
		expect(get('20101').zh).toBe('暴露垃圾');
		expect(get('20103').limits.handling).toEqual({ amount: 5, unit: 'hours', clock: 'working' });
		expect(get('20103').zh).toBe('道路不洁');
		expect(get('10104').limits.handling).toEqual({ amount: 1, unit: 'days', clock: 'working' });
		expect(get('10104').zh).toBe('路灯');
		expect(get('20104').limits.handling).toEqual({ amount: 15, unit: 'days', clock: 'working' });
		expect(get('20104').zh).toBe('违法建设');
		expect(stageLimit(get('20104'), 'handling').amount).toBe(15);
	});

	it('marks flooding and road collapse urgent', () => {
		expect(get('20501')).toMatchObject({ zh: '道路塌陷', urgent: true });
		expect(get('20502')).toMatchObject({ zh: '积水内涝', urgent: true });
		expect(get('20101').urgent).toBe(false);
		for (const c of CATEGORIES) {
			expect(c.limits.handling.clock === 'natural', c.code).toBe(c.urgent);
		}
	});

	it('weights the common cases far above the rare ones', () => {
		const w = (code: string) => get(code).weight;
		const rare = w('20104');
		for (const common of ['20101', '20402', '20401', '20201']) {
			expect(w(common), common).toBeGreaterThanOrEqual(10 * rare);
		}
		const top4 = [...CATEGORIES].sort((a, b) => b.weight - a.weight).slice(0, 4);
		expect(top4.map((c) => c.code).sort()).toEqual(['20101', '20201', '20401', '20402']);
	});
});

describe('sensor categories', () => {
	it('map each sensor feed to a category that names it', () => {
		for (const kind of SENSOR_KINDS) {
			expect(get(SENSOR_CATEGORY[kind]).sensor, kind).toBe(kind);
		}
		expect(get(SENSOR_CATEGORY.water_quality).zh).toBe('河道污染');
		expect(get(SENSOR_CATEGORY.electricity).zh).toBe('独居老人关怀');
		expect(get(SENSOR_CATEGORY.smoke)).toMatchObject({ urgent: true, department: 'fire' });
		expect(get(SENSOR_CATEGORY.manhole_tilt)).toMatchObject({ urgent: true, zh: '井盖移位' });
		expect(CATEGORIES.filter((c) => c.sensor !== null)).toHaveLength(SENSOR_KINDS.length);
	});
});

describe('departments', () => {
	it('lists the 13 default departments with unique codes', () => {
		expect(DEPARTMENTS.map((d) => d.code)).toEqual([
			'subdistrict',
			'urban_management',
			'housing_construction',
			'water',
			'transport',
			'gardens',
			'market_regulation',
			'public_security',
			'sanitation',
			'power_supply',
			'fire',
			'emergency',
			'civil_affairs'
		]);
		for (const d of DEPARTMENTS) expect(departmentSchema.safeParse(d).success, d.code).toBe(true);
		expect(departmentByCode('subdistrict')?.zh).toBe('街道办事处');
		expect(departmentByCode('nope')).toBeUndefined();
	});
});

describe('schemas', () => {
	it('validate time limits', () => {
		expect(timeLimitSchema.safeParse({ amount: 1, unit: 'days' }).success).toBe(true);
		expect(timeLimitSchema.safeParse({ amount: 0, unit: 'days' }).success).toBe(false);
		expect(timeLimitSchema.safeParse({ amount: 1, unit: 'weeks' }).success).toBe(false);
		expect(timeLimitSchema.safeParse({ amount: 1, unit: 'hours', clock: 'sundial' }).success).toBe(
			false
		);
		expect(
			stageLimitsSchema.safeParse({
				filing: { amount: 30, unit: 'minutes' },
				handling: { amount: 1, unit: 'days' }
			}).success
		).toBe(false);
	});

	it('reject a code whose type digit contradicts the kind', () => {
		const c = { ...get('20101'), kind: 'component' };
		const r = categorySchema.safeParse(c);
		expect(r.success).toBe(false);
		expect(categorySchema.safeParse({ ...get('20101'), code: '3010' }).success).toBe(false);
		expect(categorySchema.safeParse({ ...get('20101'), weight: -1 }).success).toBe(false);
	});
});
