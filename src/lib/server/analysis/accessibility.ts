/**
 * Capacity-aware accessibility (2SFCA / E2SFCA) per grid cell, for the planner's choropleth.
 */
import type { Actor } from '$lib/domain/actor';
import type { Queryable } from '../db';
import { requireAnalysis } from './access';
import { scopedCells } from './coverage';
import { analysisData, SEGMENT_FIELD, supplyOf } from './data';
import { floatingCatchment } from './engine';
import type { AccessibilityParams } from './params';

/** The answer of GET /api/analysis/accessibility. */
export interface AccessibilityReply {
	params: AccessibilityParams;
	version: string;
	/** Per cell in scope: capacity per person of the segment (A_i); 0 when nothing is in range. */
	cells: { id: number[]; access: number[]; demand: number[] };
	/** Σ capacity of the service points used (null capacities count as 0). */
	totalCapacity: number;
	/** Σ capacity of the points with some demand in their catchment. */
	reachedCapacity: number;
	/** Σ demand × A over all cells (equals reachedCapacity; the scope may show only part). */
	sumDemandAccess: number;
	/** Points without a recorded capacity (counted as 0). */
	pointsWithoutCapacity: number;
	/** Quantile breaks of A over cells with demand, for a 5-class choropleth. */
	breaks: number[];
}

/**
 * 2SFCA or E2SFCA accessibility of a segment to a service type. Catchments use every cell (a
 * point's capacity is shared with the demand across a scope boundary); the reply lists the
 * cells in the actor's scope.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @param params - service, segment, radius, detour, statuses, method
 * @returns accessibility per cell and the capacity check
 * @example
 * (await accessibility(db, actor, { service: 'meal', segment: 'age60', radius: 500, detour: 1.3,
 *   status: 'active', method: 'e2sfca' })).cells.access;
 */
export async function accessibility(
	db: Queryable,
	actor: Actor,
	params: AccessibilityParams
): Promise<AccessibilityReply> {
	requireAnalysis(actor);
	const data = await analysisData(db);
	const field = SEGMENT_FIELD[params.segment];
	const supply = supplyOf(data, params.service, params.status);
	const demand = data.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c[field] }));
	const r = floatingCatchment(
		demand,
		supply.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat, capacity: p.capacity ?? 0 })),
		{ radius: params.radius, model: { unit: 'm', detour: params.detour }, method: params.method }
	);
	let sum = 0;
	data.cells.forEach((_, k) => (sum += demand[k]!.weight * r.access[k]!));
	let reached = 0;
	supply.forEach((p, j) => {
		if (r.catchment[j]! > 0) reached += p.capacity ?? 0;
	});
	const inScope = new Set(scopedCells(data, actor).map((c) => c.id));
	const cells = { id: [] as number[], access: [] as number[], demand: [] as number[] };
	const values: number[] = [];
	data.cells.forEach((c, k) => {
		if (!inScope.has(c.id)) return;
		cells.id.push(c.id);
		cells.access.push(r.access[k]!);
		cells.demand.push(demand[k]!.weight);
		if (demand[k]!.weight > 0) values.push(r.access[k]!);
	});
	values.sort((a, b) => a - b);
	const breaks = [0.2, 0.4, 0.6, 0.8].map((q) => values[Math.floor(q * (values.length - 1))] ?? 0);
	return {
		params,
		version: data.version,
		cells,
		totalCapacity: supply.reduce((s, p) => s + (p.capacity ?? 0), 0),
		reachedCapacity: reached,
		sumDemandAccess: sum,
		pointsWithoutCapacity: supply.filter((p) => p.capacity === null).length,
		breaks
	};
}
