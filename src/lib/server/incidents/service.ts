/**
 * The case service (ARCHITECTURE.md "Security model": every function takes the Actor and checks
 * role and scope itself). Each write is one transaction: the case row (optimistic version check),
 * one append-only event and one change_log row for the live map, or nothing at all.
 *
 * The stage clocks and the incident's derived columns come from the same `derive` the demo seed
 * uses (seed/lifecycle.ts), run over the stored history plus the new move, so the live system and
 * the seed can never disagree on a deadline.
 *
 * This module is the public face; the work is split by job: create, detail, queue, transition,
 * routing, duplicates.
 */
export type {
	ServiceOptions,
	TimelineEvent,
	IncidentPart,
	Incident,
	IncidentDetail
} from './common';
export {
	createIncident,
	createIncidentSchema,
	newTrackingCode,
	type CreateIncidentInput,
	type CreatedIncident
} from './create';
export { getIncident } from './detail';
export {
	listQueue,
	queueFiltersSchema,
	type Queue,
	type QueueFilters,
	type QueueItem
} from './queue';
export { transitionIncident, transitionSchema, type TransitionInput } from './transition';
export { suggestDepartment } from './routing';
export {
	findLikelyDuplicates,
	duplicatesQuerySchema,
	DUPLICATE_DEFAULTS,
	type DuplicateCandidate
} from './duplicates';
