/**
 * Localised names for the case screens: states, actions, roles, stages and urgency tiers from the
 * message catalogue; categories and departments from the domain tables (they carry zh and en).
 */
import { m } from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import type { CaseAction, CaseRole, CaseState, SlaStage } from '../domain/cases';
import { categoryByCode, departmentByCode } from '../domain/categories';
import type { UrgencyTier } from '../domain/sla';

export const STATE_LABEL: Readonly<Record<CaseState, () => string>> = {
	reported: m.cases_state_reported,
	filed: m.cases_state_filed,
	dispatched: m.cases_state_dispatched,
	in_progress: m.cases_state_in_progress,
	handled: m.cases_state_handled,
	verified: m.cases_state_verified,
	closed: m.cases_state_closed,
	rejected: m.cases_state_rejected,
	returned: m.cases_state_returned,
	reopened: m.cases_state_reopened,
	outstanding: m.cases_state_outstanding,
	merged: m.cases_state_merged
};

export const ACTION_LABEL: Readonly<Record<CaseAction, () => string>> = {
	report: m.cases_action_report,
	file: m.cases_action_file,
	reject: m.cases_action_reject,
	dispatch: m.cases_action_dispatch,
	accept: m.cases_action_accept,
	return: m.cases_action_return,
	reroute: m.cases_action_reroute,
	handle: m.cases_action_handle,
	verify: m.cases_action_verify,
	fail_verification: m.cases_action_fail_verification,
	redispatch: m.cases_action_redispatch,
	close: m.cases_action_close,
	hang: m.cases_action_hang,
	resume: m.cases_action_resume,
	merge: m.cases_action_merge,
	request_extension: m.cases_action_request_extension,
	approve_extension: m.cases_action_approve_extension
};

export const ROLE_LABEL: Readonly<Record<CaseRole, () => string>> = {
	supervision: m.cases_role_supervision,
	command: m.cases_role_command,
	department: m.cases_role_department,
	gridworker: m.cases_role_gridworker,
	resident: m.cases_role_resident,
	system: m.cases_role_system
};

export const STAGE_LABEL: Readonly<Record<SlaStage, () => string>> = {
	filing: m.cases_stage_filing,
	handling: m.cases_stage_handling,
	verification: m.cases_stage_verification
};

export const URGENCY_LABEL: Readonly<Record<UrgencyTier, () => string>> = {
	overdue: m.cases_urgency_overdue,
	red: m.cases_urgency_red,
	yellow: m.cases_urgency_yellow,
	blue: m.cases_urgency_blue
};

const zh = () => getLocale() === 'zh-CN';

/** A category's name in the current language (the code when unknown). */
export function categoryName(code: string): string {
	const c = categoryByCode(code);
	return c ? (zh() ? c.zh : c.en) : code;
}

/** A department's name in the current language (the code when unknown; '—' for none). */
export function departmentName(code: string | null): string {
	if (code === null) return '—';
	const d = departmentByCode(code);
	return d ? (zh() ? d.zh : d.en) : code;
}

/** A date and time in Beijing time, in the current language. */
export function formatTime(iso: string | null): string {
	if (iso === null) return '—';
	return new Date(iso).toLocaleString(zh() ? 'zh-CN' : 'en-GB', {
		timeZone: 'Asia/Shanghai',
		dateStyle: 'short',
		timeStyle: 'short'
	});
}

/**
 * A duration as the largest two units ("1天3小时", "1d 3h", "25min").
 * @example formatDuration(90 * 60_000) // zh-CN: '1小时30分'
 */
export function formatDuration(ms: number): string {
	const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
	const d = Math.floor(minutes / 1440);
	const h = Math.floor((minutes % 1440) / 60);
	const min = minutes % 60;
	const [ud, uh, um] = zh() ? ['天', '小时', '分'] : ['d', 'h', 'min'];
	const sep = zh() ? '' : ' ';
	if (d > 0) return h > 0 ? `${d}${ud}${sep}${h}${uh}` : `${d}${ud}`;
	if (h > 0) return min > 0 ? `${h}${uh}${sep}${min}${um}` : `${h}${uh}`;
	return `${min}${um}`;
}

/** "3h left" or "2d overdue" for a deadline, from now. */
export function timeLeft(deadlineIso: string | null, now: number): string {
	if (deadlineIso === null) return m.cases_no_deadline();
	const left = new Date(deadlineIso).getTime() - now;
	return left < 0
		? m.cases_overdue_by({ time: formatDuration(-left) })
		: m.cases_left({ time: formatDuration(left) });
}

/** Chip colours per tier: blue, yellow, red, and a dark red for overdue. */
export const URGENCY_COLOUR: Readonly<Record<UrgencyTier, string>> = {
	blue: '#2f6fd6',
	yellow: '#d9a400',
	red: '#d6402f',
	overdue: '#7a1020'
};
