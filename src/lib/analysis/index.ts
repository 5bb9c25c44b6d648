/**
 * Pure spatial analysis for the one map: coverage of service points, service deserts, what-if
 * editing of service points, capacity-aware accessibility (2SFCA) and optimal placement of new
 * points. No I/O; runs in Node and in a Web Worker.
 */
export {
	DEFAULT_DETOUR,
	DEFAULT_WALK_SPEED_M_PER_MIN,
	EARTH_RADIUS_M,
	haversineM,
	radiusToWalkMetres,
	resolveDistanceModel,
	walkMetresToUnit,
	type DistanceModel,
	type ResolvedDistanceModel
} from './geo';
export type { DemandPoint, PointId, SupplyPoint } from './points';
export {
	DEFAULT_RADIUS_M,
	SEGMENTS,
	SERVICE_TYPES,
	type Segment,
	type ServiceType
} from './services';
export {
	computeCoverage,
	makeTotals,
	totalsOf,
	type CoverageOptions,
	type CoverageResult,
	type CoverageTotals,
	type GroupTotals
} from './coverage';
export {
	DesertIndex,
	findDeserts,
	type DesertCell,
	type DesertOptions,
	type DesertProperties,
	type DesertStats
} from './deserts';
export {
	CoverageWhatIf,
	type WhatIfDelta,
	type WhatIfOptions,
	type WhatIfState,
	type WhatIfSupply
} from './whatif';
export {
	DEFAULT_E2SFCA_ZONES,
	floatingCatchment,
	zoneWeight,
	type AccessibilityOptions,
	type AccessibilityResult,
	type CapacitySupplyPoint,
	type DecayZone
} from './accessibility';
export * from './optimize';
