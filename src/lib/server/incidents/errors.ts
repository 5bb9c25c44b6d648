/**
 * Why the case service refused a request, with the HTTP status the routes answer. A conflict
 * carries the fresh case, so the losing operator sees what changed without another request.
 */
import { isHttpError, isRedirect, json } from '@sveltejs/kit';
import { TransitionError } from '../../domain/cases';
import { rethrowAsHttp } from '../http/errors';

export type IncidentErrorCode =
	| 'invalid'
	| 'outside_district'
	| 'forbidden'
	| 'illegal_transition'
	| 'reason_required'
	| 'version_conflict'
	| 'not_found'
	| 'photo_too_large'
	| 'unsupported_photo'
	| 'bad_photo'
	| 'rate_limited';

export class IncidentError extends Error {
	override readonly name = 'IncidentError';
	readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429;
	readonly code: IncidentErrorCode;
	/** The case as it is now (for a version conflict or an illegal move). */
	readonly incident: unknown;

	constructor(
		status: IncidentError['status'],
		code: IncidentErrorCode,
		message: string,
		incident: unknown = undefined
	) {
		super(message);
		this.status = status;
		this.code = code;
		this.incident = incident;
	}
}

/**
 * The service's answer to a refused move: illegal moves are conflicts with the case's state (409),
 * a missing reason is unprocessable (422), a role that may never take the action is 403.
 */
export function fromTransitionError(e: TransitionError, incident: unknown): IncidentError {
	switch (e.code) {
		case 'forbidden':
			return new IncidentError(403, 'forbidden', e.message);
		case 'reason_required':
			return new IncidentError(422, 'reason_required', e.message);
		default:
			return new IncidentError(409, 'illegal_transition', e.message, incident);
	}
}

/**
 * Wraps an incident endpoint: IncidentError → its status with `{ message, code, incident? }`;
 * everything else goes through the shared mapping (permission → 401/403, scope → 404, zod → 400).
 */
export function incidentGuarded<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
	return async (...args: A): Promise<Response> => {
		try {
			return await fn(...args);
		} catch (e) {
			if (isHttpError(e) || isRedirect(e)) throw e;
			if (e instanceof IncidentError) {
				const body: Record<string, unknown> = { message: e.message, code: e.code };
				if (e.incident !== undefined) body.incident = e.incident;
				return json(body, { status: e.status });
			}
			rethrowAsHttp(e);
		}
	};
}
