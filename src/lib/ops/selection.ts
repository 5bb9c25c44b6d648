/** What the side panel shows: the feature last clicked on the map. */
import type { GridProps, SensorProps, ServicePointProps } from './layers';

/** What the map knows of an incident before its detail arrives (tile or stream properties). */
export interface IncidentSummary {
	id: number;
	number: string;
	state: string;
	category: string;
	priority: number;
	urgency: string | null;
}

export type Selection =
	| { kind: 'incident'; id: number; summary: IncidentSummary | null }
	| { kind: 'grid'; code: string; props: GridProps | null }
	| { kind: 'service'; props: ServicePointProps }
	| { kind: 'sensor'; props: SensorProps };
