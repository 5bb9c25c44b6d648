/**
 * The demo's accounts, one per role, so a newcomer can try each view (README). Created only when
 * DEMO_PASSWORD is set on the first seed; all share that password.
 */
import type { Actor } from '../../domain/actor';
import type { Db } from '../db';
import { sql } from '../sql';
import { createUser } from './users';

export const SYSTEM_ACTOR: Actor = Object.freeze({
	role: 'admin',
	scope: 'all',
	userId: null,
	username: 'system'
});

const WHOLE_DISTRICT = [
	['demo-operator', 'operator', '演示·指挥中心值班员'],
	['demo-supervisor', 'supervisor', '演示·监督中心受理员'],
	['demo-planner', 'planner', '演示·规划人员'],
	['demo-leader', 'leader', '演示·区领导'],
	['demo-admin', 'admin', '演示·系统管理员'],
	['demo-gridworker', 'gridworker', '演示·网格员']
] as const;

export interface DemoUser {
	username: string;
	role: string;
	scope: 'all' | string[];
}

/**
 * Creates demo-operator, demo-supervisor, demo-planner, demo-leader, demo-admin and
 * demo-gridworker (whole district; the grid worker is assigned the first grid cell by code) and
 * demo-leader-<code> for each subdistrict (scope: that subdistrict), all with `password`.
 * Call once, after the areas and grid cells exist.
 */
export async function createDemoUsers(db: Db, password: string): Promise<DemoUser[]> {
	const created: DemoUser[] = [];
	for (const [username, role, displayName] of WHOLE_DISTRICT) {
		const u = await createUser(db, SYSTEM_ACTOR, {
			username,
			displayName,
			password,
			role,
			scope: 'all'
		});
		created.push({ username, role, scope: 'all' });
		if (role === 'gridworker') await db.query(sql('auth/grid_assign_worker'), [u.id, null]);
	}
	const areas = await db.query<{ code: string; name: string }>(sql('auth/subdistricts'));
	for (const a of areas) {
		const username = `demo-leader-${a.code}`;
		await createUser(db, SYSTEM_ACTOR, {
			username,
			displayName: `演示·${a.name}街道领导`.replace('街道街道', '街道'),
			password,
			role: 'leader',
			scope: [a.code]
		});
		created.push({ username, role: 'leader', scope: [a.code] });
	}
	return created;
}
