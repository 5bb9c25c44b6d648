import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANONYMOUS, ROLES, type Actor } from '../../src/lib/domain/actor';
import {
	CAPABILITIES,
	PERMISSIONS,
	PermissionError,
	ScopeError,
	can,
	capabilitiesOf,
	publicLocation,
	requireCapability,
	requireInScope
} from '../../src/lib/domain/permissions';
import { caseRolesFor } from '../../src/lib/domain/cases';

const actor = (role: Actor['role'], scope: Actor['scope'] = 'all'): Actor => ({
	role,
	scope,
	userId: role === 'public' ? null : 1,
	username: role
});

describe('permission table', () => {
	it('covers every capability with known roles only', () => {
		expect(Object.keys(PERMISSIONS).sort()).toEqual([...CAPABILITIES].sort());
		for (const roles of Object.values(PERMISSIONS)) {
			for (const r of roles) expect(ROLES).toContain(r);
		}
	});

	it('keeps personal data from leaders, planners and the public', () => {
		for (const cap of ['incident.contact.read', 'household.read'] as const) {
			for (const r of ['public', 'leader', 'planner'] as const)
				expect(can(actor(r), cap)).toBe(false);
			for (const r of ['operator', 'supervisor', 'admin', 'gridworker'] as const) {
				expect(can(actor(r), cap)).toBe(true);
			}
		}
	});

	it('gives user management and the audit log to admins only', () => {
		for (const r of ROLES) {
			expect(can(actor(r), 'user.manage')).toBe(r === 'admin');
			expect(can(actor(r), 'audit.read')).toBe(r === 'admin');
		}
	});

	it('lets everyone see the map and residents report', () => {
		expect(can(ANONYMOUS, 'map.view')).toBe(true);
		expect(can(ANONYMOUS, 'incident.create')).toBe(true);
		expect(capabilitiesOf('public')).toEqual(['map.view', 'incident.create']);
	});

	it('agrees with the case workflow: transition iff the role has a staff case role', () => {
		for (const r of ROLES) {
			const handles = caseRolesFor(r).some((c) => c !== 'resident');
			expect(can(actor(r), 'incident.transition')).toBe(handles);
		}
	});

	it('refuses with 401 for anonymous, 403 for a signed-in role', () => {
		expect(() => requireCapability(ANONYMOUS, 'user.manage')).toThrow(PermissionError);
		try {
			requireCapability(ANONYMOUS, 'user.manage');
		} catch (e) {
			expect((e as PermissionError).status).toBe(401);
		}
		try {
			requireCapability(actor('leader'), 'user.manage');
		} catch (e) {
			expect((e as PermissionError).status).toBe(403);
		}
		expect(() => requireCapability(actor('admin'), 'user.manage')).not.toThrow();
	});

	it('scope: whole district sees all, a scoped actor only its codes (404-shaped)', () => {
		expect(() => requireInScope(actor('leader'), '370102001000')).not.toThrow();
		const scoped = actor('leader', ['370102001000']);
		expect(() => requireInScope(scoped, '370102001000')).not.toThrow();
		expect(() => requireInScope(scoped, '370102002000')).toThrow(ScopeError);
		expect(() => requireInScope(scoped, null)).toThrow(ScopeError);
	});
});

describe('publicLocation (anonymous reports on public maps)', () => {
	it('snaps to the centre of a 0.001° cell', () => {
		expect(publicLocation(117.03456, 36.66789)).toEqual([117.0345, 36.6675]);
		expect(publicLocation(117.0, 36.0)).toEqual([117.0005, 36.0005]);
	});

	it('moves a point by at most ~80 m, is idempotent, and hides the exact spot', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 116.8, max: 117.3, noNaN: true }),
				fc.double({ min: 36.5, max: 36.8, noNaN: true }),
				(lon, lat) => {
					const [x, y] = publicLocation(lon, lat);
					const dy = (y - lat) * 111_320;
					const dx = (x - lon) * 111_320 * Math.cos((lat * Math.PI) / 180);
					expect(Math.hypot(dx, dy)).toBeLessThan(80);
					expect(publicLocation(x, y)).toEqual([x, y]);
					// Two points in the same cell are indistinguishable.
					const [x2, y2] = publicLocation(x - 0.0004, y + 0.0004);
					expect([x2, y2]).toEqual([x, y]);
				}
			)
		);
	});

	it('rejects non-finite input', () => {
		expect(() => publicLocation(NaN, 36)).toThrow(RangeError);
		expect(() => publicLocation(117, Infinity)).toThrow(RangeError);
	});
});
