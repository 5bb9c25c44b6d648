/**
 * The shapes the leaders' API answers with, shared by the server (which builds them) and the
 * client (which draws them). Types and constant lists only: no I/O.
 */
import {
	KPI_NAMES,
	type CaseCounts,
	type KpiName,
	type KpiRates,
	type WarningTier
} from '$lib/domain/kpi';

export const INDICATOR_LEVELS = ['subdistrict', 'community'] as const;

/**
 * How often the live /leader page revalidates its figures (ETag, 304 while unchanged): a case
 * change shows within this plus one recomputation, inside the 2 s of issue 8.
 */
export const LIVE_POLL_MS = 1000;
export type IndicatorLevel = (typeof INDICATOR_LEVELS)[number];

/** Service figures of an area: population, staffing and meal-service coverage of the elderly. */
export interface ServiceFigures {
	residents: number;
	aged60: number;
	/** Residents aged 60+ in grid cells within the walking radius of an active meal point. */
	aged60Covered: number;
	/** Null where staffing is not recorded. */
	staffCount: number | null;
	/** Cases accepted per 1,000 residents (null with no residents). */
	casesPer1000: number | null;
	/** Residents per staff member, the "1 : N" staff-to-resident ratio (null without staff). */
	residentsPerStaff: number | null;
	/** aged60Covered / aged60, in [0, 1] (null with no elderly). */
	elderlyCoverage: number | null;
}

/** One period's figures for one area. */
export type PeriodFigures = CaseCounts & KpiRates & ServiceFigures & { score: number | null };

/** One row of GET /api/indicators. */
export type AreaIndicators = PeriodFigures & {
	code: string;
	name: string;
	nameEn: string | null;
	parentCode: string | null;
	previous: PeriodFigures;
};

/** The service figures a choropleth, ranking or headline can show. */
export const SERVICE_INDICATORS = ['casesPer1000', 'residentsPerStaff', 'elderlyCoverage'] as const;

/** The indicators a choropleth or ranking can show: the score, the rates (KPI_NAMES), the service figures, the volume. */
export const MAP_INDICATORS = ['score', ...KPI_NAMES, ...SERVICE_INDICATORS, 'accepted'] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

export interface Period {
	/** YYYY-MM-DD, inclusive (00:00 China time). */
	from: string;
	/** YYYY-MM-DD, exclusive. */
	to: string;
}

/** Cases accepted per week and major category. */
export interface TrendSeries {
	/** Monday-agnostic: week k starts at from + 7k days (YYYY-MM-DD). */
	weeks: string[];
	series: { category: string; name: string; nameEn: string; cases: number[] }[];
}

export interface FunnelStep {
	step: 'accepted' | 'filed' | 'dispatched' | 'resolved' | 'satisfied';
	cases: number;
}

export const ONTIME_BUCKETS = ['onTime', 'late1d', 'late3d', 'lateMore', 'open'] as const;
export type OnTimeBucket = (typeof ONTIME_BUCKETS)[number];

// Types, not interfaces: query rows must be assignable to Record<string, unknown>.
export type HandlingTime = {
	category: string;
	name: string;
	nameEn: string;
	cases: number;
	avgHours: number;
};

export const WARNING_STATES = ['open', 'acknowledged', 'cleared'] as const;

/** One warning as listed. */
export type WarningItem = {
	id: number;
	rule: string;
	tier: WarningTier;
	areaCode: string;
	areaName: string;
	areaNameEn: string | null;
	/** What within the rule and area, e.g. the category of a surge ('' when nothing more). */
	subject: string;
	indicator: KpiName | string | null;
	value: number | null;
	periodStart: string | null;
	periodEnd: string | null;
	state: (typeof WARNING_STATES)[number];
	note: string | null;
	detail: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
	acknowledgedAt: string | null;
	acknowledgedBy: string | null;
	clearedAt: string | null;
	/** The incident numbers behind the warning. */
	cases: string[];
};
