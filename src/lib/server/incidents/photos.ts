/** Serving a case's photos to the roles that may see the case (scope-checked). */
import { scopeParam, type Actor } from '../../domain/actor';
import { requireCapability, ScopeError } from '../../domain/permissions';
import type { Queryable } from '../db';
import { IncidentError } from './errors';
import { run } from './common';

/** The stored name of a photo (server-chosen; see reporting/photos.ts). */
const PHOTO_NAME = /^[a-z0-9]{16,64}\.(jpg|png|webp)$/;

export interface IncidentPhoto {
	mime: string;
	bytes: Uint8Array;
	width: number;
	height: number;
}

/**
 * One photo of a case.
 * @throws IncidentError 400 for a malformed name; ScopeError 404 when the case is out of scope or
 *   has no such photo (the two are indistinguishable on purpose)
 */
export async function getIncidentPhoto(
	db: Queryable,
	actor: Actor,
	id: number,
	name: string
): Promise<IncidentPhoto> {
	requireCapability(actor, 'incident.read');
	if (!PHOTO_NAME.test(name)) {
		throw new IncidentError(400, 'invalid', 'name: not a photo name');
	}
	const [row] = await run<{ mime: string; bytes: Uint8Array; width: number; height: number }>(
		db,
		`reading a photo of case ${id}`,
		'photo_get',
		[id, name, scopeParam(actor)]
	);
	if (!row) throw new ScopeError();
	return row;
}
