/**
 * How the operations map draws things: incident colours (by status or category), sizes (by
 * priority), sensor and alert colours (by severity), service-point glyphs. Pure, shared by the
 * deck.gl layers and the legend so the two cannot disagree.
 */
import { CATEGORY_MAJORS } from '$lib/domain/categories';
import type { CaseState } from '$lib/domain/cases';
import { hexToRgba, type Rgba } from './classes';

/** Case states grouped the way an operator reads them, each with one colour. */
export const STATUS_GROUPS = [
	{ id: 'new', color: '#f08c00', states: ['reported', 'filed', 'returned', 'reopened'] },
	{ id: 'working', color: '#1c6fd1', states: ['dispatched', 'in_progress'] },
	{ id: 'handled', color: '#0ca678', states: ['handled', 'verified'] },
	{ id: 'outstanding', color: '#ae3ec9', states: ['outstanding'] },
	{ id: 'done', color: '#7b8794', states: ['closed', 'rejected', 'merged'] }
] as const satisfies readonly { id: string; color: string; states: readonly CaseState[] }[];
export type StatusGroup = (typeof STATUS_GROUPS)[number]['id'];

/** Twelve distinct hues for the major classes (components and events). */
const CATEGORY_PALETTE = [
	'#1f77b4',
	'#ff7f0e',
	'#2ca02c',
	'#d62728',
	'#9467bd',
	'#8c564b',
	'#e377c2',
	'#17becf',
	'#bcbd22',
	'#393b79',
	'#ad494a',
	'#637939',
	'#7b4173',
	'#3182bd',
	'#e6550d'
] as const;

const UNKNOWN = '#7b8794';

/** The colour of a major class ('101' … '209'), by its place in the taxonomy. */
export function categoryColour(code: string): string {
	const major = code.slice(0, 3);
	const i = CATEGORY_MAJORS.findIndex((c) => c.code === major);
	return i < 0 ? UNKNOWN : CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]!;
}

export function statusGroupOf(state: string): StatusGroup | null {
	for (const g of STATUS_GROUPS) if ((g.states as readonly string[]).includes(state)) return g.id;
	return null;
}

export function statusColour(state: string): string {
	const g = STATUS_GROUPS.find((s) => (s.states as readonly string[]).includes(state));
	return g?.color ?? UNKNOWN;
}

/** The fill of one incident point. */
export function incidentColour(
	p: { state: string; category: string },
	by: 'status' | 'category',
	alpha = 230
): Rgba {
	return hexToRgba(by === 'status' ? statusColour(p.state) : categoryColour(p.category), alpha);
}

/** Point radius in pixels by priority (1 = most urgent, drawn largest). */
export function priorityRadius(priority: number): number {
	return priority <= 1 ? 7 : priority === 2 ? 5.5 : 4;
}

/** The ring colour of an overdue case. */
export const OVERDUE_RING: Rgba = [200, 20, 20, 255];

/**
 * The radius in pixels of an aggregated bubble holding `count` cases: area grows with the count,
 * from 4 px for one case to 28 px for 2,000 or more.
 */
export function bubbleRadius(count: number): number {
	const c = Math.max(1, count);
	return Math.min(28, 4 + Math.sqrt(c) * 0.54);
}

export const SEVERITIES = ['red', 'yellow', 'blue'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_HEX: Record<Severity, string> = {
	red: '#e03131',
	yellow: '#f2b705',
	blue: '#1c7ed6'
};

/** A sensor with no open alert. */
export const SENSOR_OK = '#2f9e44';
export const SENSOR_OFF = '#868e96';

export function severityHex(s: string): string {
	return (SEVERITY_HEX as Record<string, string>)[s] ?? SENSOR_OK;
}

/** A sensor's colour: its worst open alert's severity, else green (grey when not active). */
export function sensorColour(p: { status: string; alert: { severity: string } | null }): Rgba {
	if (p.alert) return hexToRgba(severityHex(p.alert.severity));
	return hexToRgba(p.status === 'active' ? SENSOR_OK : SENSOR_OFF);
}

export const SERVICE_TYPES = ['meal', 'daycare', 'clinic', 'station', 'police'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** One CJK glyph and a colour per service type: drawn as text, so no sprite sheet is needed. */
export const SERVICE_SYMBOLS: Record<ServiceType, { glyph: string; color: string }> = {
	meal: { glyph: '餐', color: '#e8590c' },
	daycare: { glyph: '托', color: '#7048e8' },
	clinic: { glyph: '医', color: '#c92a2a' },
	station: { glyph: '站', color: '#1971c2' },
	police: { glyph: '警', color: '#1d2733' }
};

export function serviceSymbol(type: string): { glyph: string; color: string } {
	return (
		(SERVICE_SYMBOLS as Record<string, { glyph: string; color: string }>)[type] ?? {
			glyph: '·',
			color: UNKNOWN
		}
	);
}

/**
 * The pulse of red alerts: a radius factor and an alpha over a 1.2 s cycle.
 * @param t milliseconds (e.g. performance.now())
 */
export function pulse(t: number): { scale: number; alpha: number } {
	const phase = (t % 1200) / 1200;
	return { scale: 1 + phase * 1.6, alpha: Math.round(180 * (1 - phase)) };
}
