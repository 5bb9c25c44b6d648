/**
 * Messages between the planner page and the what-if Web Worker (whatif.worker.ts). Pure types.
 */
import type { CoverageTotals } from '$lib/analysis/coverage';
import type { DesertProperties } from '$lib/analysis/deserts';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** A demand cell for the Worker. */
export interface WorkerCell {
	id: number;
	lon: number;
	lat: number;
	weight: number;
	geometry: Polygon | MultiPolygon;
}

/** A supply point for the Worker: existing (numeric id) or a candidate (text id). */
export interface WorkerPoint {
	id: number | string;
	lon: number;
	lat: number;
	active: boolean;
}

export type WhatIfRequest =
	| {
			type: 'init';
			seq: number;
			cells: WorkerCell[];
			points: WorkerPoint[];
			radius: number;
			detour: number;
	  }
	| { type: 'add'; seq: number; point: WorkerPoint }
	| { type: 'move'; seq: number; id: number | string; lon: number; lat: number }
	| { type: 'remove'; seq: number; id: number | string }
	| { type: 'setActive'; seq: number; id: number | string; active: boolean };

export type WhatIfReply =
	| {
			type: 'ready';
			seq: number;
			/** 1 per covered cell, in the order of the init cells. */
			covered: Uint8Array;
			totals: CoverageTotals;
			baseline: CoverageTotals;
			ms: number;
	  }
	| {
			type: 'delta';
			seq: number;
			/** Positions of cells whose covered state flipped. */
			changed: number[];
			newlyCovered: number;
			newlyUncovered: number;
			totals: CoverageTotals;
			/** Newly covered minus newly uncovered since the session began (persons). */
			net: number;
			ms: number;
	  }
	| { type: 'error'; seq: number; message: string };

/**
 * To the desert Worker: the cells once per coverage question (their outlines are prepared only
 * when `version`, the cell layer's data version, changes), then covered flags (1 per cell, init
 * order).
 */
export type DesertRequest =
	| { type: 'init'; seq: number; version: string; cells: WorkerCell[] }
	| { type: 'deserts'; seq: number; covered: Uint8Array };

export type DesertReply =
	| {
			type: 'deserts';
			seq: number;
			deserts: FeatureCollection<Polygon | MultiPolygon, DesertProperties>;
			ms: number;
			/** Deserts that needed the slow `@turf/union` merge (0 on a proper grid). */
			fallbacks: number;
	  }
	| { type: 'error'; seq: number; message: string };
