/**
 * Who is asking. Every service function takes an Actor and enforces role and scope itself,
 * so a route that forgets to check cannot leak (ARCHITECTURE.md, "Security model").
 */
import { z } from 'zod';

export const ROLES = [
	'public',
	'gridworker',
	'operator',
	'supervisor',
	'planner',
	'leader',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** 'all' = the whole district; otherwise the 12-digit codes of the subdistricts in scope. */
export type Scope = 'all' | readonly string[];

export interface Actor {
	readonly role: Role;
	readonly scope: Scope;
	/** app_user.id for a signed-in user; null for anonymous and the development actor. */
	readonly userId: number | null;
	readonly username: string;
}

export const ANONYMOUS: Actor = Object.freeze({
	role: 'public',
	scope: Object.freeze([]) as readonly string[],
	userId: null,
	username: 'anonymous'
});

/** True when the actor may see data located in the given subdistrict. */
export function inScope(actor: Actor, subdistrictCode: string | null): boolean {
	if (actor.scope === 'all') return true;
	return subdistrictCode !== null && actor.scope.includes(subdistrictCode);
}

/** The scope as a SQL parameter: null means "no restriction", otherwise an array of codes. */
export function scopeParam(actor: Actor): string[] | null {
	return actor.scope === 'all' ? null : [...actor.scope];
}
