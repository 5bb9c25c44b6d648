/**
 * The analysis services' typed input error. It extends the shared {@link UserInputError}, so
 * `expectedError` / `guarded` (src/lib/server/http/errors.ts) answer it as a 400 with its message.
 */
import { UserInputError } from '../auth/users';

/** Bad analysis input: the message names the field; `errors` lists every problem found. */
export class AnalysisInputError extends UserInputError {
	readonly errors: readonly string[];

	/**
	 * @param errors - one message per problem, each starting with the field
	 * @example
	 * throw new AnalysisInputError(['radius: must be greater than 0']);
	 */
	constructor(errors: readonly string[]) {
		super(400, errors.join('; ') || 'Invalid analysis input');
		this.name = 'AnalysisInputError';
		this.errors = errors;
	}
}

/** A scenario that does not exist (404). */
export class ScenarioNotFoundError extends UserInputError {
	constructor() {
		super(404, 'Not found');
		this.name = 'ScenarioNotFoundError';
	}
}
