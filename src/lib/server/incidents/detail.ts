/** Reading one case: timeline, parts, the reader's actions and (audited) the reporter contact. */
import type { Actor } from '../../domain/actor';
import { can, requireCapability, ScopeError } from '../../domain/permissions';
import type { Db } from '../db';
import { readIncidentContact } from '../auth/personal';
import { workingCalendar } from './calendar';
import { loadDetail, type IncidentDetail, type ServiceOptions } from './common';

/**
 * One case with its timeline, parts and (for roles that may, audited) the reporter's contact.
 * @throws ScopeError (404) when the case does not exist or is outside the reader's scope
 */
export async function getIncident(
	db: Db,
	actor: Actor,
	id: number,
	opts: ServiceOptions & { client?: string | null } = {}
): Promise<IncidentDetail> {
	requireCapability(actor, 'incident.read');
	const calendar = opts.calendar ?? (await workingCalendar(db));
	const detail = await loadDetail(db, actor, id, { ...opts, calendar });
	if (!detail) throw new ScopeError();
	let contact: IncidentDetail['contact'] = null;
	if (can(actor, 'incident.contact.read')) {
		try {
			const c = await readIncidentContact(db, actor, id, opts.client ?? null);
			contact = { name: c.name, phone: c.phone, email: c.email };
		} catch (e) {
			// No contact, or (grid worker) not in one of their own cells: the case stays readable.
			if (!(e instanceof ScopeError)) throw e;
		}
	}
	return { ...detail, contact };
}
