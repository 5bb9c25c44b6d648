/**
 * Shapes of the analysis API replies as the planner page reads them, and the grid-cell row types
 * (one definition, shared by the server's analysis services and the page).
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CoverageTotals } from '$lib/analysis/coverage';
import type { DesertProperties } from '$lib/analysis/deserts';

export interface AreaTotals extends CoverageTotals {
	code: string;
	name: string | null;
	nameEn: string | null;
}

export interface PlannerPoint {
	id: number;
	name: string;
	nameEn: string | null;
	status: 'active' | 'planned';
	capacity: number | null;
	lon: number;
	lat: number;
}

export type Desert = Feature<Polygon | MultiPolygon, DesertProperties>;

export interface CoverageReply {
	version: string;
	totals: CoverageTotals;
	bySubdistrict: AreaTotals[];
	byCommunity: AreaTotals[];
	deserts: FeatureCollection<Polygon | MultiPolygon, DesertProperties>;
	cells: { id: number[]; covered: number[]; distance: (number | null)[]; demand: number[] };
	points: PlannerPoint[];
	ms: number;
}

/** A grid cell's aggregates (no personal data): the planner layer's feature properties. */
export interface CellProperties {
	id: number;
	code: string;
	community: string;
	subdistrict: string;
	residents: number;
	aged60: number;
	aged80: number;
	alone: number;
	lon: number;
	lat: number;
}

/** A grid cell as analysis demand: its aggregates and its outline (for deserts). */
export interface DemandCell extends CellProperties {
	geometry: Polygon | MultiPolygon;
}

export interface CellsReply {
	version: string;
	cells: FeatureCollection<Polygon | MultiPolygon, CellProperties>;
}

export interface AccessibilityReply {
	cells: { id: number[]; access: number[]; demand: number[] };
	totalCapacity: number;
	reachedCapacity: number;
	sumDemandAccess: number;
	breaks: number[];
}

export interface OptimizeReply {
	status: 'optimal' | 'time_limit' | 'greedy';
	selected: number[];
	objective: number;
	gap: number | null;
	coveredDemand: number | null;
	meanDistance: number | null;
	totalDemand: number;
	fallbackReason: string | null;
	sites?: { column: number; lon: number; lat: number; ref: number; source: string }[];
	baselineCovered?: number;
	newlyCovered?: number;
	candidates?: { offered: number; used: number };
	timings: { totalMs: number };
}

export interface ScenarioOutcome {
	id: number;
	name: string;
	serviceType: string;
	baseline: CoverageTotals;
	totals: CoverageTotals;
	gained: number;
	lost: number;
	points: { active: number; added: number; removed: number; off: number; moved: number };
}

/** A point drawn on the planner map. */
export interface DrawnPoint {
	id: number | string;
	lon: number;
	lat: number;
	kind: 'active' | 'planned' | 'off' | 'moved' | 'candidate' | 'proposed';
	/** The point the planner selected (outlined). */
	selected?: boolean;
}
