/**
 * The one permission table: capabilities × roles (ARCHITECTURE.md "Security model"). Services
 * call {@link requireCapability} with the Actor themselves, so a route that forgets cannot leak.
 * Scope (which subdistricts) is checked separately, with `inScope` / `scopeParam` from ./actor.
 * Pure: shared by client (to hide buttons) and server (to refuse).
 */
import { ROLES, type Actor, type Role } from './actor';
import { caseRolesFor } from './cases';

export const CAPABILITIES = [
	'map.view',
	'incident.read',
	'incident.create',
	'incident.contact.read',
	'incident.transition',
	'household.read',
	'sensor.read',
	'alert.manage',
	'analysis.run',
	'scenario.write',
	'indicators.read',
	'warning.ack',
	'export.csv',
	'user.manage',
	'audit.read'
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Roles that handle cases: those with at least one case role besides "resident". */
const caseHandlers = ROLES.filter((r) => caseRolesFor(r).some((c) => c !== 'resident'));

/**
 * Who may do what. Personal data (contacts, households) only for the roles whose work needs it:
 * never leaders, planners or the public. A grid worker's personal-data access is further limited
 * to their own grid cells by the services and by row-level security.
 */
export const PERMISSIONS: Readonly<Record<Capability, readonly Role[]>> = {
	'map.view': ROLES,
	'incident.read': ['gridworker', 'operator', 'supervisor', 'leader', 'admin'],
	'incident.create': ['public', 'gridworker', 'operator', 'supervisor', 'admin'],
	'incident.contact.read': ['gridworker', 'operator', 'supervisor', 'admin'],
	'incident.transition': caseHandlers,
	'household.read': ['gridworker', 'operator', 'supervisor', 'admin'],
	'sensor.read': ['gridworker', 'operator', 'supervisor', 'planner', 'leader', 'admin'],
	'alert.manage': ['operator', 'supervisor', 'admin'],
	'analysis.run': ['planner', 'leader', 'admin'],
	'scenario.write': ['planner', 'admin'],
	'indicators.read': ['operator', 'supervisor', 'planner', 'leader', 'admin'],
	'warning.ack': ['supervisor', 'leader', 'admin'],
	'export.csv': ['operator', 'supervisor', 'planner', 'leader', 'admin'],
	'user.manage': ['admin'],
	'audit.read': ['admin']
};

/** Capabilities that reach personal data: every use is written to the audit log. */
export const PERSONAL_DATA_CAPABILITIES: readonly Capability[] = [
	'incident.contact.read',
	'household.read'
];

/**
 * Whether the actor's role holds the capability.
 * @example can(ANONYMOUS, 'map.view') // true
 */
export function can(actor: Pick<Actor, 'role'>, capability: Capability): boolean {
	return PERMISSIONS[capability].includes(actor.role);
}

/** The capabilities a role holds, in {@link CAPABILITIES} order (for the UI and /api/auth/me). */
export function capabilitiesOf(role: Role): Capability[] {
	return CAPABILITIES.filter((c) => PERMISSIONS[c].includes(role));
}

/**
 * Refused: 401 when nobody is signed in (sign in and try again), 403 when the signed-in role may
 * not. The message names the capability, never data.
 */
export class PermissionError extends Error {
	readonly status: 401 | 403;
	readonly capability: Capability | null;
	constructor(status: 401 | 403, capability: Capability | null, message?: string) {
		super(message ?? (status === 401 ? 'Sign-in required' : 'Forbidden'));
		this.name = 'PermissionError';
		this.status = status;
		this.capability = capability;
	}
}

/**
 * Something outside the actor's scope: answered as 404, so a scoped user cannot even learn that
 * a case in another subdistrict exists.
 */
export class ScopeError extends Error {
	readonly status = 404;
	constructor() {
		super('Not found');
		this.name = 'ScopeError';
	}
}

/** Throws {@link PermissionError} unless the actor holds the capability. */
export function requireCapability(actor: Actor, capability: Capability): void {
	if (can(actor, capability)) return;
	throw new PermissionError(
		actor.userId === null && actor.role === 'public' ? 401 : 403,
		capability
	);
}

/** Throws {@link ScopeError} unless the subdistrict is in the actor's scope. */
export function requireInScope(actor: Actor, subdistrictCode: string | null): void {
	if (actor.scope === 'all') return;
	if (subdistrictCode === null || !actor.scope.includes(subdistrictCode)) throw new ScopeError();
}

/** Grid of the public location blur: 0.001° ≈ 111 m north–south, ≈ 89 m east–west at 37° N. */
export const PUBLIC_LOCATION_STEP = 0.001;

/**
 * The location of an anonymous report as the public sees it: snapped to the centre of a
 * 0.001° cell (about 100 m), so a point on the map does not reveal the reporter's doorway.
 * Deterministic (the same point always maps to the same cell) and idempotent.
 * @param lon longitude in degrees (WGS 84)
 * @param lat latitude in degrees
 * @returns [lon, lat] of the cell centre, with 4 decimals
 * @example publicLocation(117.03456, 36.66789) // [117.0345, 36.6675]
 */
export function publicLocation(lon: number, lat: number): [number, number] {
	if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new RangeError('not a finite location');
	const snap = (v: number) => {
		// why: floor to the cell, then its centre; the epsilon absorbs float noise such as 0.1+0.2.
		const cell = Math.floor(v / PUBLIC_LOCATION_STEP + 1e-9);
		return Math.round((cell + 0.5) * PUBLIC_LOCATION_STEP * 1e4) / 1e4;
	};
	return [snap(lon), snap(lat)];
}
