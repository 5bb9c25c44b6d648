/**
 * The grid worker's phone page (/field, issue 5 §6): their grid cells (to prefill a report, which
 * goes through the same path as residents' with source = gridworker), their tasks — cases in
 * their own cells waiting for a grid worker's move per the case table (on-site verification) —
 * and that move done with photos (event.photos).
 */
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import {
	CASE_ACTIONS,
	CASE_STATES,
	availableActions,
	caseRolesFor,
	type CaseAction,
	type CaseState
} from '../../domain/cases';
import { PermissionError, requireCapability } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { sql } from '../sql';
import { transitionIncident, type IncidentDetail } from '../incidents/service';
import { processPhotos } from './photos';
import { readPhotoFiles } from './report';

/** States in which a grid worker moves a case (besides reporting a new one). */
export const FIELD_TASK_STATES: readonly CaseState[] = CASE_STATES.filter((s) =>
	availableActions('gridworker', s).some((a) => a !== 'report')
);
const TASK_LIMIT = 100;

export type FieldCell = {
	id: number;
	code: string;
	communityCode: string;
	subdistrictCode: string;
	lon: number;
	lat: number;
};

export interface FieldTask {
	id: number;
	number: string;
	categoryCode: string;
	state: CaseState;
	version: number;
	description: string;
	address: string | null;
	lon: number;
	lat: number;
	deadlineAt: string | null;
	handledAt: string | null;
	gridCode: string;
	/** The moves the grid worker may make now. */
	actions: CaseAction[];
}

/** @returns the grid worker's user id. @throws PermissionError 401/403 for anyone else */
export function requireGridWorker(actor: Actor): number {
	requireCapability(actor, 'incident.read');
	if (!caseRolesFor(actor.role).includes('gridworker') || actor.userId === null) {
		throw new PermissionError(403, null, 'The field page is for grid workers');
	}
	return actor.userId;
}

const iso = (v: unknown) =>
	v === null || v === undefined ? null : new Date(v as string).toISOString();

/** The worker's cells and tasks, in two queries. */
export async function fieldOverview(
	db: Queryable,
	actor: Actor
): Promise<{ cells: FieldCell[]; tasks: FieldTask[] }> {
	const userId = requireGridWorker(actor);
	const [cells, rows] = await Promise.all([
		db.query<FieldCell>(sql('incidents/field_cells'), [userId]),
		db.query(sql('incidents/field_tasks'), [userId, [...FIELD_TASK_STATES], TASK_LIMIT])
	]);
	const tasks = rows.map((r) => {
		const state = r.state as CaseState;
		return {
			...(r as unknown as FieldTask),
			deadlineAt: iso(r.deadlineAt),
			handledAt: iso(r.handledAt),
			actions: availableActions('gridworker', state).filter((a) => a !== 'report')
		};
	});
	return { cells, tasks };
}

const fieldActSchema = z
	.object({
		id: z.coerce.number().int().min(1),
		expectedVersion: z.coerce.number().int().min(1),
		action: z.enum(CASE_ACTIONS),
		note: z.string().trim().max(2000).optional(),
		reason: z.string().trim().max(2000).optional()
	})
	.strict();

/**
 * A grid worker's move on a task from the field form, with the photos taken on site.
 * @throws as transitionIncident; IncidentError 400/413/415 for the photos
 */
export async function fieldAct(db: Db, actor: Actor, form: FormData): Promise<IncidentDetail> {
	requireGridWorker(actor);
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' && v.trim() !== '' ? v : undefined;
	};
	const { id, ...move } = fieldActSchema.parse({
		id: text('id'),
		expectedVersion: text('expectedVersion'),
		action: text('action'),
		note: text('note'),
		reason: text('reason')
	});
	const photos = await processPhotos(await readPhotoFiles(form));
	return transitionIncident(db, actor, id, move, { photos });
}
