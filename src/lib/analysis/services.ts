/**
 * Service types, demand segments and their default coverage radii.
 *
 * The radii are planning defaults, not national rules (DOMAIN.md "Services and coverage":
 * the 10-minute circle is ~500 m, the 15-minute circle ~1 km, elderly facilities within
 * ~300–700 m walking). Offices override them per service in settings.
 */

/** Service-point types analysed for coverage. */
export const SERVICE_TYPES = ['meal', 'daycare', 'clinic', 'station', 'police'] as const;

/** A service-point type: meal point, elderly day care, clinic, community station, police post. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Demand segments a coverage map can be drawn for. */
export const SEGMENTS = ['all', 'age60', 'age80', 'alone'] as const;

/** A demand segment: all residents, aged 60+, aged 80+, elderly living alone. */
export type Segment = (typeof SEGMENTS)[number];

/**
 * Default service radius per type, in walking metres.
 * - meal 500: elderly meal-service points (助餐点) serve the 10-minute (~500 m) circle.
 * - daycare 600: elderly day-care centres, inside the 300–700 m band for elderly facilities.
 * - clinic 1000: community health service stations, the 15-minute (~1 km) circle.
 * - station 1000: community service stations (社区服务站), the 15-minute circle.
 * - police 1500: community police posts (警务室), a patrol-scale catchment (practice).
 */
export const DEFAULT_RADIUS_M: Readonly<Record<ServiceType, number>> = Object.freeze({
	meal: 500,
	daycare: 600,
	clinic: 1000,
	station: 1000,
	police: 1500
});
