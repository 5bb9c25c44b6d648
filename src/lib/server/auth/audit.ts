/**
 * The audit log: who read or changed personal data or accounts, when, and why it was in their
 * scope — never the data itself. Append-only (a trigger refuses UPDATE and DELETE).
 */
import type { Actor } from '../../domain/actor';
import { requireCapability } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { sql } from '../sql';
import { withActor } from './rls';

export interface AuditEntry {
	action: string;
	subjectKind: string;
	subjectId: string | number | null;
	/** Why the subject was within the actor's reach, e.g. "scope=all" or "grid worker of cell 12". */
	scopeReason: string;
	client: string | null;
}

/** The scope part of an audit reason. */
export function scopeReason(actor: Actor): string {
	return actor.scope === 'all' ? 'scope=all' : `scope=${actor.scope.join(',')}`;
}

export async function audit(tx: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
	await tx.query(sql('auth/audit_insert'), [
		actor.userId,
		actor.username,
		actor.role,
		entry.action,
		entry.subjectKind,
		entry.subjectId === null ? null : String(entry.subjectId),
		entry.scopeReason.slice(0, 500),
		entry.client?.slice(0, 64) ?? null
	]);
}

export interface AuditRow {
	id: number;
	at: Date;
	userId: number | null;
	username: string;
	role: string;
	action: string;
	subjectKind: string;
	subjectId: string | null;
	scopeReason: string | null;
	client: string | null;
}

/** The latest audit entries (admins: audit.read). */
export async function listAudit(db: Db, actor: Actor, limit = 200): Promise<AuditRow[]> {
	requireCapability(actor, 'audit.read');
	const n = Math.max(1, Math.min(1000, Math.trunc(limit)));
	return withActor(db, actor, (tx) =>
		tx.query<AuditRow & Record<string, unknown>>(sql('auth/audit_list'), [n])
	);
}
