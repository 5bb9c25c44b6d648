/**
 * Reading and changing the leaders' indicator settings (composite weights, warning rules).
 * Reading: anyone who reads the indicators (leaders see the rules they are judged by). Changing:
 * an admin of the whole district (the settings are district-wide; the admin capability
 * `user.manage` stands for "administers the deployment"), validated with zod (400 naming the
 * field, nothing written), saved as the next version only if the edit started from the current
 * one (409 otherwise), audited in the same transaction; the warnings are re-evaluated at once.
 */
import type { Actor } from '$lib/domain/actor';
import type { KpiName } from '$lib/domain/kpi';
import { can, PermissionError, requireCapability } from '$lib/domain/permissions';
import { audit, scopeReason } from '../auth/audit';
import { UserInputError } from '../auth/users';
import { DbError, type Db } from '../db';
import { sql } from '../sql';
import {
	currentSettings,
	defaultSettings,
	settingsInputSchema,
	type CheckedWarningRule,
	type StoredSettings
} from './settings';
import { evaluateWarnings } from './warnings';

export const CONFIGURE_CAPABILITY = 'user.manage' as const;

export interface SettingsView extends StoredSettings {
	/** The code defaults, for "reset to defaults". */
	defaults: Pick<StoredSettings, 'weights' | 'rules'>;
	canEdit: boolean;
}

/** Whether the actor may change the district-wide settings. */
export function canConfigure(actor: Actor): boolean {
	return can(actor, CONFIGURE_CAPABILITY) && actor.scope === 'all';
}

/**
 * The settings in force, the defaults, and whether the actor may change them.
 * @throws PermissionError without `indicators.read`
 */
export async function readSettings(db: Db, actor: Actor): Promise<SettingsView> {
	requireCapability(actor, 'indicators.read');
	const cur = await currentSettings(db);
	const d = defaultSettings();
	return { ...cur, defaults: { weights: d.weights, rules: d.rules }, canEdit: canConfigure(actor) };
}

/** What changed, for the audit entry (names only, never more than fits). */
function changes(
	before: StoredSettings,
	weights: Record<KpiName, number>,
	rules: CheckedWarningRule[]
) {
	const out: string[] = [];
	for (const [k, v] of Object.entries(weights)) {
		if (before.weights[k as KpiName] !== v) out.push(`weights.${k}`);
	}
	const old = new Map(before.rules.map((r) => [r.id, JSON.stringify(r)]));
	for (const r of rules) {
		if (old.get(r.id) !== JSON.stringify(r)) out.push(`rules.${r.id}`);
		old.delete(r.id);
	}
	for (const id of old.keys()) out.push(`rules.${id}(removed)`);
	return out;
}

/**
 * Saves new settings as the next version and re-evaluates the warnings.
 * @param input { version?, weights, rules } as sent (validated here)
 * @returns the settings now in force, and how many warnings hold / cleared
 * @throws PermissionError unless an admin of the whole district; ZodError (→ 400 naming the
 *   field) for invalid settings; UserInputError 409 when someone saved since `version`
 */
export async function saveSettings(
	db: Db,
	actor: Actor,
	input: unknown,
	client: string | null = null
): Promise<{ settings: StoredSettings; warnings: { holding: number; cleared: number } }> {
	requireCapability(actor, CONFIGURE_CAPABILITY);
	if (!canConfigure(actor)) {
		throw new PermissionError(
			403,
			CONFIGURE_CAPABILITY,
			'Forbidden: the indicator settings are district-wide; an admin of the whole district changes them'
		);
	}
	const next = settingsInputSchema.parse(input);
	await db.transaction(async (tx) => {
		const before = await currentSettings(tx);
		let saved: { version: number }[];
		try {
			saved = await tx.query<{ version: number }>(sql('indicators/settings_insert'), [
				next.version ?? null,
				JSON.stringify(next.weights),
				JSON.stringify(next.rules),
				actor.userId
			]);
		} catch (e) {
			throw new DbError('saving the indicator settings', e);
		}
		if (!saved[0]) {
			throw new UserInputError(
				409,
				`version: the settings were changed meanwhile (now version ${before.version}); reload and try again`
			);
		}
		const changed = changes(before, next.weights, next.rules);
		await audit(tx, actor, {
			action: 'indicator_settings.update',
			subjectKind: 'indicator_settings',
			subjectId: Number(saved[0].version),
			scopeReason: `${scopeReason(actor)}; v${before.version}→v${saved[0].version}; ${changed.join(',') || 'no change'}`,
			client
		});
	});
	const w = await evaluateWarnings(db);
	return {
		settings: await currentSettings(db),
		warnings: { holding: w.holding, cleared: w.cleared.length }
	};
}
