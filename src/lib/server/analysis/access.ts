/**
 * Who may use the planner's analysis: the one place the analysis services ask the permission
 * table (src/lib/domain/permissions.ts), so a change of policy is a change here.
 */
import type { Actor } from '$lib/domain/actor';
import { PermissionError, requireCapability } from '$lib/domain/permissions';

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

/**
 * Throws a PermissionError (403) unless the actor may change or delete this scenario: every
 * planner in scope may list and open scenarios, but only the one who saved it (or an admin) may
 * replace or delete it.
 *
 * @param actor - who is asking (already holds `scenario.write`)
 * @param ownerId - the scenario's owner (app_user.id), null when saved without an account
 * @returns nothing
 * @example
 * requireScenarioOwner(locals.actor, scenario.ownerId);
 */
export function requireScenarioOwner(actor: Actor, ownerId: number | null): void {
	requireScenarioWrite(actor);
	// why: administrators look after every user's data (ARCHITECTURE.md "Security model").
	if (actor.role === 'admin') return;
	if (ownerId !== null && ownerId === actor.userId) return;
	throw new PermissionError(
		403,
		'scenario.write',
		"Only the scenario's owner or an administrator may change or delete it"
	);
}
