/**
 * Personal data: reporter contacts and protected household records. Each read checks the
 * capability and scope in code (the first wall), runs with the actor set for row-level security
 * (the second wall, on PostgreSQL), and writes one audit_log row — who, what, when, why it was in
 * scope, from where — never the data itself. Leaders, planners and the public never get here.
 */
import type { Actor } from '../../domain/actor';
import { requireCapability, ScopeError } from '../../domain/permissions';
import type { Db } from '../db';
import { sql } from '../sql';
import { audit, scopeReason } from './audit';
import { withActor } from './rls';

export interface IncidentContact {
	incidentId: number;
	name: string | null;
	phone: string | null;
	email: string | null;
}

export interface Household {
	id: number;
	gridCellId: number;
	subdistrictCode: string;
	headName: string;
	phone: string | null;
	address: string;
	members: number;
	livingAlone: boolean;
	aged: number | null;
}

/** A grid worker sees personal data only in the grid cells assigned to them. */
function ownCellsOnly(actor: Actor): number | null {
	if (actor.role !== 'gridworker') return null;
	// why: a grid worker without an account id (the development actor) has no cells at all.
	return actor.userId ?? -1;
}

function reason(actor: Actor): string {
	return actor.role === 'gridworker'
		? `grid worker ${actor.userId}; ${scopeReason(actor)}`
		: scopeReason(actor);
}

/**
 * The contact of one case's reporter, audited. Throws ScopeError (→ 404) when the case is outside
 * the reader's scope or has no contact, so other subdistricts' cases cannot even be probed.
 */
export async function readIncidentContact(
	db: Db,
	actor: Actor,
	incidentId: number,
	client: string | null
): Promise<IncidentContact> {
	requireCapability(actor, 'incident.contact.read');
	const scope = actor.scope === 'all' ? null : [...actor.scope];
	return withActor(db, actor, async (tx) => {
		const [row] = await tx.query<
			IncidentContact & { subdistrictCode: string | null } & Record<string, unknown>
		>(sql('auth/contact_read'), [incidentId, scope, ownCellsOnly(actor)]);
		if (!row) throw new ScopeError();
		await audit(tx, actor, {
			action: 'read',
			subjectKind: 'incident_contact',
			subjectId: incidentId,
			scopeReason: `${reason(actor)}; case in ${row.subdistrictCode ?? 'no subdistrict'}`,
			client
		});
		return { incidentId: row.incidentId, name: row.name, phone: row.phone, email: row.email };
	});
}

/** Protected household records in the reader's scope (optionally one grid cell), audited. */
export async function listHouseholds(
	db: Db,
	actor: Actor,
	opts: { gridCellId?: number; limit?: number },
	client: string | null
): Promise<Household[]> {
	requireCapability(actor, 'household.read');
	const scope = actor.scope === 'all' ? null : [...actor.scope];
	const limit = Math.max(1, Math.min(5000, Math.trunc(opts.limit ?? 500)));
	return withActor(db, actor, async (tx) => {
		const rows = await tx.query<Household & Record<string, unknown>>(sql('auth/household_list'), [
			scope,
			ownCellsOnly(actor),
			opts.gridCellId ?? null,
			limit
		]);
		await audit(tx, actor, {
			action: 'list',
			subjectKind: 'household',
			subjectId: opts.gridCellId === undefined ? null : `grid_cell:${opts.gridCellId}`,
			scopeReason: `${reason(actor)}; ${rows.length} rows`,
			client
		});
		return rows;
	});
}
