/**
 * Capacity-aware accessibility: the two-step floating catchment area method (2SFCA) and its
 * enhanced variant with stepwise distance decay (E2SFCA).
 *
 * Step 1, per service point j: R_j = S_j / Σ_{k: d_kj ≤ d0} W(d_kj) P_k (capacity per person
 * in its catchment). Step 2, per demand point i: A_i = Σ_{j: d_ij ≤ d0} W(d_ij) R_j.
 * 2SFCA is W ≡ 1. Because both steps use the same weights, Σ_i P_i A_i = Σ_j S_j over the
 * service points that have some weighted demand in range: capacity is redistributed, not made up.
 */
import {
	haversineH,
	hToMetres,
	radiusToWalkMetres,
	resolveDistanceModel,
	type DistanceModel
} from './geo';
import {
	buildIndex,
	candidatesNear,
	searchRadius,
	toColumns,
	toWeights,
	type DemandPoint,
	type SupplyPoint
} from './points';

/** A service point with a capacity (seats, beds, meals per day…). */
export interface CapacitySupplyPoint extends SupplyPoint {
	capacity: number;
}

/** One distance band of E2SFCA: distances up to `upTo × radius` get `weight`. */
export interface DecayZone {
	/** Upper edge of the band as a fraction of the radius (inclusive); the last must be 1. */
	upTo: number;
	/** Weight in [0, 1]. */
	weight: number;
}

/** Default E2SFCA bands (Luo & Qi 2009): 0–⅓ r: 1, ⅓–⅔ r: 0.68, ⅔–1 r: 0.22. */
export const DEFAULT_E2SFCA_ZONES: readonly DecayZone[] = Object.freeze([
	{ upTo: 1 / 3, weight: 1 },
	{ upTo: 2 / 3, weight: 0.68 },
	{ upTo: 1, weight: 0.22 }
]);

/** Options for {@link floatingCatchment}. */
export interface AccessibilityOptions {
	/** Catchment radius d0 in the model's unit (walking metres by default). */
	radius: number;
	/** Distance model; default walking metres, detour 1.3. */
	model?: DistanceModel;
	/** `'2sfca'` (default) or `'e2sfca'`. */
	method?: '2sfca' | 'e2sfca';
	/** Bands for E2SFCA; default {@link DEFAULT_E2SFCA_ZONES}. */
	zones?: readonly DecayZone[];
}

/** Accessibility scores. */
export interface AccessibilityResult {
	/** A_i per demand point: capacity available per person (0 when nothing is in range). */
	access: Float64Array;
	/** R_j per service point: capacity per weighted person in range; NaN when none in range. */
	ratio: Float64Array;
	/** Σ_k W(d_kj) P_k per service point: the weighted population it serves. */
	catchment: Float64Array;
}

/**
 * Computes 2SFCA or E2SFCA accessibility.
 *
 * Population is the demand points' `weight`; capacity is the service points' `capacity`.
 *
 * @param demand - demand points (population as `weight`)
 * @param supply - service points with `capacity`
 * @param options - radius, distance model, method and bands
 * @returns accessibility per demand point and ratio per service point
 * @example
 * const { access } = floatingCatchment(cells, dayCare, { radius: 600, method: 'e2sfca' });
 * access[0] * 1000; // places per 1,000 elderly in cell 0
 */
export function floatingCatchment(
	demand: readonly DemandPoint[],
	supply: readonly CapacitySupplyPoint[],
	options: AccessibilityOptions
): AccessibilityResult {
	const model = resolveDistanceModel(options.model);
	const radiusM = radiusToWalkMetres(options.radius, options.model);
	const zones =
		options.method === 'e2sfca'
			? checkZones(options.zones ?? DEFAULT_E2SFCA_ZONES)
			: [{ upTo: 1, weight: 1 }];
	const d = toColumns(demand, 'demand');
	const pop = toWeights(demand);
	const s = toColumns(supply, 'supply');
	const m = supply.length;
	const capacity = new Float64Array(m);
	for (let j = 0; j < m; j++) {
		const c = supply[j]!.capacity;
		if (!(c >= 0) || !Number.isFinite(c)) {
			throw new RangeError(`supply[${j}].capacity must be a finite number >= 0, got ${c}`);
		}
		capacity[j] = c;
	}

	// One pass over the pairs in range, kept for step 2 (demand i, weight) grouped by supply j.
	const start = new Int32Array(m + 1);
	let pairI = new Int32Array(1024);
	let pairW = new Float64Array(1024);
	let count = 0;
	const catchment = new Float64Array(m);
	const index = buildIndex(d);
	const reach = searchRadius(radiusM / model.detour);
	for (let j = 0; j < m; j++) {
		start[j] = count;
		if (!index) continue;
		for (const i of candidatesNear(index, s.lon[j]!, s.lat[j]!, reach)) {
			const h = haversineH(d.lon[i]!, d.lat[i]!, d.cos[i]!, s.lon[j]!, s.lat[j]!, s.cos[j]!);
			const w = zoneWeight(hToMetres(h) * model.detour, radiusM, zones);
			if (w <= 0) continue;
			if (count === pairI.length) {
				pairI = grow(pairI, new Int32Array(count * 2));
				pairW = grow(pairW, new Float64Array(count * 2));
			}
			pairI[count] = i;
			pairW[count] = w;
			count++;
			catchment[j]! += w * pop[i]!;
		}
	}
	start[m] = count;

	const ratio = new Float64Array(m);
	const access = new Float64Array(demand.length);
	for (let j = 0; j < m; j++) {
		const denom = catchment[j]!;
		if (!(denom > 0)) {
			ratio[j] = NaN;
			continue;
		}
		const r = capacity[j]! / denom;
		ratio[j] = r;
		for (let q = start[j]!; q < start[j + 1]!; q++) access[pairI[q]!]! += pairW[q]! * r;
	}
	return { access, ratio, catchment };
}

/**
 * The decay weight of a distance: the weight of the first band whose edge it does not exceed.
 *
 * @param distM - walking metres
 * @param radiusM - catchment radius in walking metres
 * @param zones - bands, ascending, the last ending at 1
 * @returns the weight, 0 beyond the radius
 * @example
 * zoneWeight(250, 600, DEFAULT_E2SFCA_ZONES); // 0.68
 */
export function zoneWeight(distM: number, radiusM: number, zones: readonly DecayZone[]): number {
	if (distM > radiusM) return 0;
	// Edges belong to the nearer band, also when float noise puts 800 / 3 above 800 × (1 / 3).
	const edge = radiusM * (1 + 1e-12);
	for (const z of zones) if (distM <= z.upTo * edge) return z.weight;
	return 0;
}

function checkZones(zones: readonly DecayZone[]): readonly DecayZone[] {
	let prev = 0;
	for (const [k, z] of zones.entries()) {
		if (!(z.upTo > prev) || !(z.weight >= 0 && z.weight <= 1)) {
			throw new RangeError(`zones[${k}]: upTo must ascend in (0, 1] and weight lie in [0, 1]`);
		}
		prev = z.upTo;
	}
	if (prev !== 1) throw new RangeError('the last zone must end at upTo = 1');
	return zones;
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
	to.set(from);
	return to;
}
