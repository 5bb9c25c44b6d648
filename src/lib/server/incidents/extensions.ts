/**
 * Extension requests (延期, issue 5 §2) as real extension_request rows beside the case's events:
 * a department requests (the 'request_extension' move), command or supervision approves (the
 * 'approve_extension' move, which recomputes the deadline: see seed/lifecycle.ts `derive`, and
 * sets incident.extended for the indicators) or denies (the row only; the case does not move).
 * A request the case has moved past (any move but accept) lapses: closed as denied by nobody.
 */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { ACTIONS_BY_ROLE, caseRolesFor, type CaseAction } from '../../domain/cases';
import type { Category } from '../../domain/categories';
import { PermissionError, requireCapability, ScopeError } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { setActor } from '../auth/rls';
import { iso, run, toMs } from './common';
import { IncidentError } from './errors';

export interface ExtensionRequest {
	id: number;
	department: string | null;
	reason: string;
	amount: number;
	unit: 'minutes' | 'hours' | 'days';
	state: 'pending' | 'approved' | 'denied';
	requestedBy: number | null;
	requestedAt: string;
	decidedBy: number | null;
	decidedAt: string | null;
	decisionNote: string | null;
}

/**
 * Keeps extension_request in step with a move, inside the move's transaction.
 * @throws IncidentError 409 when an approval finds nothing to approve
 */
export async function recordExtension(
	tx: Queryable,
	move: {
		id: number;
		action: CaseAction;
		caseMove: boolean;
		at: number;
		userId: number | null;
		department: string | null;
		reason: string | null;
		category: Category;
		/** The last request event (its note serves a request made before rows existed). */
		request: { at: number; note: string | null } | null;
		/** Whether the history before this move leaves a request waiting (else nothing can lapse). */
		pending: boolean;
		/** The move's note (kept as the decision note of an approval). */
		note: string | null;
	}
): Promise<void> {
	const at = new Date(move.at);
	const limit = move.category.limits.handling;
	if (move.action === 'request_extension') {
		await run(tx, `recording an extension request of case ${move.id}`, 'extension_insert', [
			move.id,
			move.userId,
			move.department,
			move.reason ?? '',
			limit.amount,
			limit.unit,
			at,
			'pending',
			null,
			null
		]);
	} else if (move.action === 'approve_extension') {
		const decided = await run(
			tx,
			`approving the extension of case ${move.id}`,
			'extension_decide',
			[move.id, 'approved', move.userId, at, move.note]
		);
		if (decided.length === 0) {
			const since = move.request
				? await run(tx, `reading the extensions of case ${move.id}`, 'extension_since', [
						move.id,
						new Date(move.request.at)
					])
				: [];
			if (!move.request || since.length > 0) {
				// The request was recorded and then denied or lapsed.
				throw new IncidentError(409, 'illegal_transition', 'No extension request is pending');
			}
			// why: a request recorded only as an event (imported history) gets its row on approval.
			await run(tx, `recording the extension of case ${move.id}`, 'extension_insert', [
				move.id,
				null,
				move.department,
				move.request.note || 'extension request',
				limit.amount,
				limit.unit,
				at,
				'approved',
				move.userId,
				at
			]);
		}
	} else if (move.pending && move.caseMove && move.action !== 'accept') {
		await run(tx, `closing a lapsed extension request of case ${move.id}`, 'extension_decide', [
			move.id,
			'denied',
			null,
			at,
			'lapsed: the case moved on'
		]);
	}
}

function shape(row: Record<string, unknown>): ExtensionRequest {
	return {
		...(row as unknown as ExtensionRequest),
		requestedAt: iso(toMs(row.requestedAt))!,
		decidedAt: iso(toMs(row.decidedAt))
	};
}

/** A case's extension requests (roles that may read the case, in scope). */
export async function listExtensions(
	db: Queryable,
	actor: Actor,
	id: number
): Promise<ExtensionRequest[]> {
	requireCapability(actor, 'incident.read');
	const [c] = await run(db, `reading case ${id}`, 'get', [id, scopeParam(actor)]);
	if (!c) throw new ScopeError();
	return (await run(db, `reading the extensions of case ${id}`, 'extensions', [id])).map(shape);
}

export const denyExtensionSchema = z
	.object({ reason: z.string().trim().min(1, 'must not be empty').max(2000) })
	.strict();

/**
 * Denies a case's pending extension request (command or supervision; the deadline stays).
 * @throws PermissionError 401/403, ScopeError 404, IncidentError 409 when nothing is pending
 */
export async function denyExtension(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown,
	opts: { now?: Date } = {}
): Promise<ExtensionRequest> {
	requireCapability(actor, 'incident.transition');
	const body = denyExtensionSchema.parse(input);
	return db.transaction(async (tx) => {
		await setActor(tx, actor);
		const [c] = await run(tx, `reading case ${id}`, 'get', [id, scopeParam(actor)]);
		if (!c) throw new ScopeError();
		if (!caseRolesFor(actor.role).some((r) => ACTIONS_BY_ROLE[r].includes('approve_extension'))) {
			throw new PermissionError(403, null, 'Only command decides extension requests');
		}
		const [decided] = await run<{ id: number }>(
			tx,
			`denying the extension of case ${id}`,
			'extension_decide',
			[id, 'denied', actor.userId, opts.now ?? new Date(), body.reason]
		);
		if (!decided)
			throw new IncidentError(409, 'illegal_transition', 'No extension request is pending');
		const rows = await run(tx, `reading the extensions of case ${id}`, 'extensions', [id]);
		return shape(rows.find((r) => r.id === decided.id)!);
	});
}

export const extensionRequestSchema = z
	.object({
		expectedVersion: z.number().int().min(1),
		reason: z.string().trim().min(1, 'must not be empty').max(2000)
	})
	.strict();

export const extensionDecisionSchema = z.discriminatedUnion('decision', [
	z
		.object({
			decision: z.literal('approve'),
			expectedVersion: z.number().int().min(1),
			note: z.string().trim().max(2000).optional()
		})
		.strict(),
	z
		.object({
			decision: z.literal('deny'),
			reason: z.string().trim().min(1, 'must not be empty').max(2000)
		})
		.strict()
]);
