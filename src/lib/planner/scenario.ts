/**
 * Planner scenarios: a named set of changes to the service points of one type (added candidate
 * points, moved or removed points, points switched off) with the analysis parameters. The zod
 * schema is shared by the API (validation) and the planner page (types). Pure.
 */
import { z } from 'zod';
import { MAX_RADIUS_M, SEGMENTS, SERVICE_TYPES } from '$lib/analysis';

const lon = z
	.number({ error: 'must be a longitude in degrees' })
	.min(-180, { error: 'must be in [-180, 180]' })
	.max(180, { error: 'must be in [-180, 180]' });
const lat = z
	.number({ error: 'must be a latitude in degrees' })
	.min(-90, { error: 'must be in [-90, 90]' })
	.max(90, { error: 'must be in [-90, 90]' });
const pointId = z
	.number({ error: 'must be a service point id' })
	.int({ error: 'must be a whole number' })
	.positive({ error: 'must be a service point id' });

/** Most changes a scenario may hold (a planner edits by hand; a sweep of thousands is a bug). */
export const MAX_SCENARIO_CHANGES = 2000;

export const scenarioParamsSchema = z.strictObject({
	segment: z.enum(SEGMENTS, { error: `must be one of ${SEGMENTS.join(', ')}` }),
	radius: z
		.number({ error: 'must be a number of walking metres' })
		.gt(0, { error: 'must be greater than 0' })
		.max(MAX_RADIUS_M, { error: `must be at most ${MAX_RADIUS_M} m` }),
	detour: z
		.number({ error: 'must be a number from 1 to 3' })
		.min(1, { error: 'must be from 1 to 3' })
		.max(3, { error: 'must be from 1 to 3' }),
	status: z.enum(['active', 'all'], { error: 'must be "active" or "all"' }).default('active')
});

export const scenarioChangesSchema = z
	.strictObject({
		added: z
			.array(
				z.strictObject({
					id: z
						.string({ error: 'must be a text id' })
						.regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1–40 letters, digits, _ or -' }),
					lon,
					lat,
					name: z.string().trim().max(200, { error: 'must be at most 200 characters' }).optional()
				})
			)
			.default([]),
		moved: z.array(z.strictObject({ id: pointId, lon, lat })).default([]),
		removed: z.array(pointId).default([]),
		off: z.array(pointId).default([])
	})
	.superRefine((c, ctx) => {
		const total = c.added.length + c.moved.length + c.removed.length + c.off.length;
		if (total > MAX_SCENARIO_CHANGES) {
			ctx.addIssue({
				code: 'custom',
				message: `has ${total} changes, more than the limit of ${MAX_SCENARIO_CHANGES}`
			});
		}
		const ids = new Set<string>();
		c.added.forEach((a, k) => {
			if (ids.has(a.id)) {
				ctx.addIssue({ code: 'custom', path: ['added', k, 'id'], message: 'is used twice' });
			}
			ids.add(a.id);
		});
	});

export const scenarioInputSchema = z.strictObject({
	name: z
		.string({ error: 'must be text' })
		.trim()
		.min(1, { error: 'must not be empty' })
		.max(200, { error: 'must be at most 200 characters' }),
	serviceType: z.enum(SERVICE_TYPES, { error: `must be one of ${SERVICE_TYPES.join(', ')}` }),
	params: scenarioParamsSchema,
	changes: scenarioChangesSchema
});

export type ScenarioParams = z.output<typeof scenarioParamsSchema>;
export type ScenarioChanges = z.output<typeof scenarioChangesSchema>;
export type ScenarioInput = z.output<typeof scenarioInputSchema>;

/** A saved scenario as the API returns it. */
export interface Scenario extends ScenarioInput {
	id: number;
	ownerId: number | null;
	createdAt: string;
	updatedAt: string;
}

/** A scenario in the list (without its changes). */
export type ScenarioSummary = Omit<Scenario, 'changes'>;

/** A supply point after a scenario's changes: existing (numeric id) or added (text id). */
export interface ScenarioPoint {
	id: number | string;
	lon: number;
	lat: number;
	/** false when switched off. */
	active: boolean;
	added: boolean;
}

/**
 * Applies a scenario's changes to the existing points of its service type.
 *
 * @param existing - the points before the changes
 * @param changes - added, moved, removed and switched-off points
 * @returns the points after the changes (removed ones left out, switched-off ones inactive)
 * @example
 * applyChanges([{ id: 1, lon: 117, lat: 36.6 }], { added: [], moved: [], removed: [1], off: [] });
 * // []
 */
export function applyChanges(
	existing: readonly { id: number; lon: number; lat: number }[],
	changes: ScenarioChanges
): ScenarioPoint[] {
	const removed = new Set(changes.removed);
	const off = new Set(changes.off);
	const moved = new Map(changes.moved.map((m) => [m.id, m]));
	const out: ScenarioPoint[] = [];
	for (const p of existing) {
		if (removed.has(p.id)) continue;
		const m = moved.get(p.id);
		out.push({
			id: p.id,
			lon: m?.lon ?? p.lon,
			lat: m?.lat ?? p.lat,
			active: !off.has(p.id),
			added: false
		});
	}
	for (const a of changes.added) {
		out.push({ id: a.id, lon: a.lon, lat: a.lat, active: true, added: true });
	}
	return out;
}
