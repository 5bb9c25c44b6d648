/**
 * Incremental "what if" coverage: add, move, remove or switch off service points and get the
 * change in covered demand at once, for planners dragging candidate sites on the map.
 *
 * Built once from demand + supply; afterwards each change touches only the demand points within
 * the radius of the changed point (a KDBush index over demand points finds them). Per demand
 * point it keeps the cover count (how many active service points are within the radius) so that
 * a removal knows without a search whether the point stays covered, and the nearest distance
 * within the radius (a small grid over active service points finds the next nearest).
 */
import type KDBush from 'kdbush';
import { makeTotals, type CoverageTotals } from './coverage';
import {
	haversineH,
	hToMetres,
	metresToLatDegrees,
	radiusToWalkMetres,
	resolveDistanceModel,
	cosDeg,
	type DistanceModel
} from './geo';
import {
	buildIndex,
	candidatesNear,
	checkLonLat,
	searchRadius,
	toColumns,
	toWeights,
	type DemandPoint,
	type PointColumns,
	type PointId,
	type SupplyPoint
} from './points';

/** A service point in a what-if session; inactive points are kept but cover nothing. */
export interface WhatIfSupply extends SupplyPoint {
	active?: boolean;
}

/** Options for {@link CoverageWhatIf}. */
export interface WhatIfOptions {
	/** Service radius in the model's unit (walking metres by default). */
	radius: number;
	/** Distance model; default walking metres, detour 1.3. */
	model?: DistanceModel;
}

/** What one change did. Persons are whole numbers. */
export interface WhatIfDelta {
	/** Demand that was uncovered and is now covered. */
	newlyCovered: number;
	/** Demand that was covered and is now uncovered. */
	newlyUncovered: number;
	newlyCoveredPoints: number;
	newlyUncoveredPoints: number;
	/** Positions of the demand points whose covered state flipped. */
	changed: number[];
	/** Totals after the change. */
	totals: CoverageTotals;
}

/** Per-demand state, for inspection and tests. */
export interface WhatIfState {
	/** Number of active service points within the radius. */
	coverCount: Int32Array;
	/** Walking metres to the nearest active service point within the radius; Infinity if none. */
	nearestDistanceM: Float64Array;
}

/**
 * Incremental coverage state for one service type and radius.
 *
 * @example
 * const w = new CoverageWhatIf(cells, mealPoints, { radius: 500 });
 * const d = w.add({ id: 'cand-1', lon: 116.40, lat: 39.91 });
 * d.newlyCovered; // persons gained
 * w.move('cand-1', 116.41, 39.91);
 */
export class CoverageWhatIf {
	/** The radius in walking metres. */
	readonly radiusM: number;
	private readonly detour: number;
	/** Straight-line search radius for index queries. */
	private readonly reach: number;
	private readonly d: PointColumns;
	private readonly weights: Float64Array;
	private readonly index: KDBush | null;
	private readonly coverCount: Int32Array;
	private readonly nearestDist: Float64Array;
	private readonly nearestSlot: Int32Array;
	private coveredSum = 0;
	private coveredPoints = 0;
	private readonly demandSum: number;

	// Service points live in append-only slots so that ties keep a stable order.
	private readonly slotOf = new Map<PointId, number>();
	private readonly sId: (PointId | undefined)[] = [];
	private readonly sLon: number[] = [];
	private readonly sLat: number[] = [];
	private readonly sCos: number[] = [];
	private readonly sActive: boolean[] = [];
	private readonly grid = new Map<number, number[]>();
	private readonly cellLat: number;
	private readonly cellLon: number;

	// Scratch space for collecting the points touched by one change.
	private readonly stamp: Int32Array;
	private readonly before: Uint8Array;
	private epoch = 0;
	private touched: number[] = [];

	/**
	 * @param demand - demand points (weight = persons)
	 * @param supply - existing service points; `active: false` ones are kept but ignored
	 * @param options - radius and distance model
	 */
	constructor(
		demand: readonly DemandPoint[],
		supply: readonly WhatIfSupply[],
		options: WhatIfOptions
	) {
		const model = resolveDistanceModel(options.model);
		this.radiusM = radiusToWalkMetres(options.radius, options.model);
		this.detour = model.detour;
		this.reach = searchRadius(this.radiusM / this.detour);
		this.d = toColumns(demand, 'demand');
		this.weights = toWeights(demand);
		this.index = buildIndex(this.d);
		const n = demand.length;
		this.coverCount = new Int32Array(n);
		this.nearestDist = new Float64Array(n).fill(Infinity);
		this.nearestSlot = new Int32Array(n).fill(-1);
		this.stamp = new Int32Array(n);
		this.before = new Uint8Array(n);
		let sum = 0;
		let maxAbsLat = 0;
		for (let i = 0; i < n; i++) {
			sum += this.weights[i]!;
			maxAbsLat = Math.max(maxAbsLat, Math.abs(this.d.lat[i]!));
		}
		this.demandSum = sum;
		// Grid cells at least one reach wide, so the 3 × 3 block around a demand point holds every
		// service point within reach of it.
		this.cellLat = metresToLatDegrees(Math.max(this.reach, 10));
		const far = Math.min(maxAbsLat + this.cellLat, 89);
		this.cellLon = Math.min(360, this.cellLat / cosDeg(far));
		for (const p of supply) this.insert(p);
		this.epoch++;
		this.touched = [];
	}

	/**
	 * Adds a service point.
	 *
	 * @param point - the new point; `active: false` adds it switched off
	 * @returns the change in coverage
	 * @example
	 * whatIf.add({ id: 'new', lon: 116.4, lat: 39.9 }).newlyCovered;
	 */
	add(point: WhatIfSupply): WhatIfDelta {
		this.begin();
		this.insert(point);
		return this.finish();
	}

	/**
	 * Moves a service point (active or not).
	 *
	 * @param id - the point's id
	 * @param lon - new longitude
	 * @param lat - new latitude
	 * @returns the change in coverage
	 * @example
	 * whatIf.move('new', 116.41, 39.9);
	 */
	move(id: PointId, lon: number, lat: number): WhatIfDelta {
		checkLonLat(lon, lat, `move(${String(id)})`);
		const slot = this.slot(id);
		this.begin();
		const active = this.sActive[slot]!;
		if (active) this.detach(slot);
		this.sLon[slot] = lon;
		this.sLat[slot] = lat;
		this.sCos[slot] = cosDeg(lat);
		if (active) this.attach(slot);
		return this.finish();
	}

	/**
	 * Removes a service point.
	 *
	 * @param id - the point's id
	 * @returns the change in coverage
	 * @example
	 * whatIf.remove('meal-17').newlyUncovered;
	 */
	remove(id: PointId): WhatIfDelta {
		const slot = this.slot(id);
		this.begin();
		if (this.sActive[slot]) this.detach(slot);
		this.slotOf.delete(id);
		this.sId[slot] = undefined;
		this.sActive[slot] = false;
		return this.finish();
	}

	/**
	 * Switches a service point on or off (e.g. a point that is closed for renovation).
	 *
	 * @param id - the point's id
	 * @param active - the new state
	 * @returns the change in coverage (empty if the state was already `active`)
	 * @example
	 * whatIf.setActive('meal-17', false);
	 */
	setActive(id: PointId, active: boolean): WhatIfDelta {
		const slot = this.slot(id);
		this.begin();
		if (active !== this.sActive[slot]) {
			if (active) {
				this.sActive[slot] = true;
				this.attach(slot);
			} else {
				this.detach(slot);
				this.sActive[slot] = false;
			}
		}
		return this.finish();
	}

	/**
	 * Current totals.
	 *
	 * @returns demand, covered and uncovered persons and the percentage covered
	 * @example
	 * whatIf.totals().percent;
	 */
	totals(): CoverageTotals {
		return makeTotals(this.weights.length, this.coveredPoints, this.demandSum, this.coveredSum);
	}

	/**
	 * A copy of the per-demand state.
	 *
	 * @returns cover counts and nearest distances within the radius
	 * @example
	 * whatIf.state().coverCount[0];
	 */
	state(): WhatIfState {
		return { coverCount: this.coverCount.slice(), nearestDistanceM: this.nearestDist.slice() };
	}

	/**
	 * Id of the nearest active service point within the radius of a demand point.
	 *
	 * @param i - position of the demand point
	 * @returns the id, or null when the point is uncovered
	 * @example
	 * whatIf.nearestId(0);
	 */
	nearestId(i: number): PointId | null {
		const slot = this.nearestSlot[i] ?? -1;
		return slot >= 0 ? (this.sId[slot] ?? null) : null;
	}

	/**
	 * Whether a service point with this id exists.
	 *
	 * @param id - the point's id
	 * @returns true if present (active or not)
	 * @example
	 * whatIf.has('meal-17');
	 */
	has(id: PointId): boolean {
		return this.slotOf.has(id);
	}

	private slot(id: PointId): number {
		const slot = this.slotOf.get(id);
		if (slot === undefined) throw new Error(`no service point with id ${String(id)}`);
		return slot;
	}

	private insert(p: WhatIfSupply): void {
		if (this.slotOf.has(p.id)) throw new Error(`duplicate service point id ${String(p.id)}`);
		checkLonLat(p.lon, p.lat, `supply ${String(p.id)}`);
		const slot = this.sId.length;
		this.slotOf.set(p.id, slot);
		this.sId.push(p.id);
		this.sLon.push(p.lon);
		this.sLat.push(p.lat);
		this.sCos.push(cosDeg(p.lat));
		const active = p.active !== false;
		this.sActive.push(active);
		if (active) this.attach(slot);
	}

	private cellKey(lon: number, lat: number): number {
		return Math.floor(lon / this.cellLon) * 1e7 + Math.floor(lat / this.cellLat) + 5e6;
	}

	/** Walking metres from demand i to slot k, computed the same way as {@link computeCoverage}. */
	private dist(i: number, k: number): number {
		const d = this.d;
		const h = haversineH(
			d.lon[i]!,
			d.lat[i]!,
			d.cos[i]!,
			this.sLon[k]!,
			this.sLat[k]!,
			this.sCos[k]!
		);
		return hToMetres(h) * this.detour;
	}

	private near(slot: number): number[] {
		if (!this.index) return [];
		return candidatesNear(this.index, this.sLon[slot]!, this.sLat[slot]!, this.reach);
	}

	/** Counts an active slot in: cover counts, nearest distances, grid. */
	private attach(slot: number): void {
		const key = this.cellKey(this.sLon[slot]!, this.sLat[slot]!);
		const cell = this.grid.get(key);
		if (cell) cell.push(slot);
		else this.grid.set(key, [slot]);
		for (const i of this.near(slot)) {
			const dist = this.dist(i, slot);
			if (dist > this.radiusM) continue;
			this.touch(i);
			if (this.coverCount[i]!++ === 0) this.flip(i, 1);
			const cur = this.nearestDist[i]!;
			if (dist < cur || (dist === cur && slot < this.nearestSlot[i]!)) {
				this.nearestDist[i] = dist;
				this.nearestSlot[i] = slot;
			}
		}
	}

	/** Counts an active slot out; re-finds the nearest where it was the nearest. */
	private detach(slot: number): void {
		const key = this.cellKey(this.sLon[slot]!, this.sLat[slot]!);
		const cell = this.grid.get(key);
		if (cell) {
			const at = cell.indexOf(slot);
			if (at >= 0) cell.splice(at, 1);
			if (cell.length === 0) this.grid.delete(key);
		}
		for (const i of this.near(slot)) {
			if (this.dist(i, slot) > this.radiusM) continue;
			this.touch(i);
			if (--this.coverCount[i]! === 0) {
				this.flip(i, -1);
				this.nearestDist[i] = Infinity;
				this.nearestSlot[i] = -1;
			} else if (this.nearestSlot[i] === slot) {
				this.refind(i);
			}
		}
	}

	/** Nearest active slot within the radius of demand i, from the 3 × 3 grid block. */
	private refind(i: number): void {
		const lon = this.d.lon[i]!;
		const lat = this.d.lat[i]!;
		const cx = Math.floor(lon / this.cellLon);
		const cy = Math.floor(lat / this.cellLat);
		let best = Infinity;
		let bestSlot = -1;
		for (let dx = -1; dx <= 1; dx++) {
			for (let dy = -1; dy <= 1; dy++) {
				const cell = this.grid.get((cx + dx) * 1e7 + cy + dy + 5e6);
				if (!cell) continue;
				for (const k of cell) {
					const dist = this.dist(i, k);
					if (dist > this.radiusM) continue;
					if (dist < best || (dist === best && k < bestSlot)) {
						best = dist;
						bestSlot = k;
					}
				}
			}
		}
		this.nearestDist[i] = best;
		this.nearestSlot[i] = bestSlot;
	}

	private flip(i: number, sign: 1 | -1): void {
		this.coveredSum += sign * this.weights[i]!;
		this.coveredPoints += sign;
	}

	private begin(): void {
		this.epoch++;
		this.touched = [];
	}

	private touch(i: number): void {
		if (this.stamp[i] === this.epoch) return;
		this.stamp[i] = this.epoch;
		this.before[i] = this.coverCount[i]! > 0 ? 1 : 0;
		this.touched.push(i);
	}

	private finish(): WhatIfDelta {
		let gained = 0;
		let lost = 0;
		let gainedPoints = 0;
		let lostPoints = 0;
		const changed: number[] = [];
		for (const i of this.touched) {
			const now = this.coverCount[i]! > 0 ? 1 : 0;
			if (now === this.before[i]) continue;
			changed.push(i);
			if (now) {
				gained += this.weights[i]!;
				gainedPoints++;
			} else {
				lost += this.weights[i]!;
				lostPoints++;
			}
		}
		// Long sessions of += / -= on fractional weights drift; integer weights are exact.
		if (this.coveredPoints === 0) this.coveredSum = 0;
		changed.sort((a, b) => a - b);
		return {
			newlyCovered: Math.round(gained),
			newlyUncovered: Math.round(lost),
			newlyCoveredPoints: gainedPoints,
			newlyUncoveredPoints: lostPoints,
			changed,
			totals: this.totals()
		};
	}
}
