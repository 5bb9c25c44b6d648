/**
 * Expected failures → HTTP statuses, in one place. Everything else goes to handleError, which
 * logs it and answers { message, errorId } — never SQL or a stack trace.
 */
import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import { ZodError } from 'zod';
import { PermissionError, ScopeError } from '../../domain/permissions';
import { DbError } from '../db';
import { UserInputError } from '../auth/users';

/** SQLSTATEs that mean "your input", not "our bug" (martin / kit conventions). */
const SQLSTATE_STATUS: Readonly<Record<string, { status: number; message: string }>> = {
	'23505': { status: 409, message: 'Conflict: already exists' },
	'23503': { status: 409, message: 'Conflict: refers to something that does not exist' },
	'22023': { status: 400, message: 'Invalid parameter value' },
	'22P02': { status: 400, message: 'Invalid input syntax' },
	'23514': { status: 400, message: 'Value out of the allowed range' },
	'22003': { status: 400, message: 'Number out of range' },
	'42501': { status: 403, message: 'Forbidden' }
};

/** The status and client-safe message for an expected error, or null for a real fault. */
export function expectedError(e: unknown): { status: number; message: string } | null {
	if (e instanceof PermissionError) return { status: e.status, message: e.message };
	if (e instanceof ScopeError) return { status: 404, message: 'Not found' };
	if (e instanceof UserInputError) return { status: e.status, message: e.message };
	if (e instanceof ZodError) return { status: 400, message: zodMessage(e) };
	if (isDbError(e) && e.code && SQLSTATE_STATUS[e.code]) return SQLSTATE_STATUS[e.code]!;
	return null;
}

/**
 * A DbError, also one from another copy of the module (the bundled server and a test's database
 * handle are different module instances): checked by name, not only by class.
 */
export function isDbError(e: unknown): e is Pick<DbError, 'code' | 'message'> {
	return e instanceof DbError || (e instanceof Error && e.name === 'DbError');
}

/** A 400 message that names the field: "scope.0: must be a 12-digit subdistrict code". */
export function zodMessage(e: ZodError): string {
	const issue = e.issues[0];
	if (!issue) return 'Invalid input';
	if (issue.code === 'unrecognized_keys') {
		return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
	}
	const path = issue.path.map(String).join('.');
	return path ? `${path}: ${issue.message}` : issue.message;
}

/** Rethrows expected errors as kit HTTP errors (so they get their status), others unchanged. */
export function rethrowAsHttp(e: unknown): never {
	if (isHttpError(e) || isRedirect(e)) throw e;
	const known = expectedError(e);
	if (known) error(known.status, { message: known.message });
	throw e;
}

/**
 * Wraps an endpoint, load or action so expected errors get their status. Services throw typed
 * errors; this maps them; a route that forgets the wrapper still leaks nothing (it gets a 500).
 */
export function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
	return async (...args: A): Promise<R> => {
		try {
			return await fn(...args);
		} catch (e) {
			rethrowAsHttp(e);
		}
	};
}
