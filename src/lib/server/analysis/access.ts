/**
 * Who may use the planner's analysis: the one place the analysis services ask the permission
 * table (src/lib/domain/permissions.ts), so a change of policy is a change here.
 */
import type { Actor } from '$lib/domain/actor';
import { requireCapability } from '$lib/domain/permissions';

/**
 * Throws a PermissionError (401/403) unless the actor may run coverage, accessibility and
 * optimisation (planners, leaders, admins).
 *
 * @param actor - who is asking
 * @returns nothing
 * @example
 * requireAnalysis(locals.actor);
 */
export function requireAnalysis(actor: Actor): void {
	requireCapability(actor, 'analysis.run');
}

/**
 * Throws a PermissionError unless the actor may save, change or delete scenarios (planners,
 * admins).
 *
 * @param actor - who is asking
 * @returns nothing
 * @example
 * requireScenarioWrite(locals.actor);
 */
export function requireScenarioWrite(actor: Actor): void {
	requireCapability(actor, 'scenario.write');
}
