/**
 * The planner's option lists and their localised labels (service types, demand segments, solver
 * statuses), shared by the page's panels.
 */
import { m } from '$lib/paraglide/messages.js';

export const PLANNER_SERVICES = ['meal', 'daycare', 'clinic', 'station', 'police'] as const;
export const PLANNER_SEGMENTS = ['all', 'age60', 'age80', 'alone'] as const;
export type PlannerService = (typeof PLANNER_SERVICES)[number];
export type PlannerSegment = (typeof PLANNER_SEGMENTS)[number];

export const serviceLabel: Record<PlannerService, () => string> = {
	meal: m.planner_service_meal,
	daycare: m.planner_service_daycare,
	clinic: m.planner_service_clinic,
	station: m.planner_service_station,
	police: m.planner_service_police
};

export const segmentLabel: Record<PlannerSegment, () => string> = {
	all: m.planner_segment_all,
	age60: m.planner_segment_age60,
	age80: m.planner_segment_age80,
	alone: m.planner_segment_alone
};

export const statusLabel = {
	optimal: m.planner_status_optimal,
	time_limit: m.planner_status_time_limit,
	greedy: m.planner_status_greedy
} as const;

/** The analysis parameters the panels share. */
export interface PlannerQuestion {
	service: PlannerService;
	segment: PlannerSegment;
	radius: number;
	detour: number;
	includePlanned: boolean;
}
