/** The duty list: which department a case goes to. */
import { DEFAULT_DEPARTMENT_BY_CATEGORY } from '../../domain/categories';
import type { Queryable } from '../db';
import { run } from './common';

/**
 * The duty list's department for a case: the best routing rule, else the category's default.
 * @returns the department code, whether it is configured for auto-dispatch, and the rule's id
 *   (null for the category default), which the dispatch event records
 */
export async function suggestDepartment(
	db: Queryable,
	categoryCodeValue: string,
	subdistrictCode: string | null
): Promise<{ department: string; autoDispatch: boolean; ruleId: number | null } | null> {
	const [rule] = await run<{ department: string; autoDispatch: boolean; ruleId: number }>(
		db,
		'looking up the duty list',
		'route',
		[categoryCodeValue, subdistrictCode]
	);
	if (rule) return rule;
	const fallback = DEFAULT_DEPARTMENT_BY_CATEGORY[categoryCodeValue];
	return fallback ? { department: fallback, autoDispatch: false, ruleId: null } : null;
}
