/**
 * Account administration (user.manage): list, create, change role/scope/department, disable,
 * reset a password. Changing who someone is (role, scope, disabled, password) ends their
 * sessions at once. A scoped admin may only manage accounts inside their own scope.
 */
import { z } from 'zod';
import { type Actor } from '../../domain/actor';
import { PermissionError, requireCapability } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { audit } from './audit';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from './password';
import { deleteUserSessions } from './session';

export const STAFF_ROLES = [
	'gridworker',
	'operator',
	'supervisor',
	'planner',
	'leader',
	'admin'
] as const;
export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2-64 characters: a-z, 0-9, . _ - (lower case)');
export const passwordSchema = z
	.string()
	.min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
	.max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);
const code12 = z.string().regex(/^\d{12}$/, 'must be a 12-digit subdistrict code');
/** 'all' = the whole district, or a non-empty list of subdistrict codes. */
export const scopeSchema = z.union([z.literal('all'), z.array(code12).min(1).max(100)]);
const departmentSchema = z
	.string()
	.regex(/^[a-z][a-z0-9_]{1,31}$/, 'must be a department code')
	.nullable();

export const createUserSchema = z
	.object({
		username: usernameSchema,
		displayName: z.string().trim().min(1).max(100),
		password: passwordSchema,
		role: z.enum(STAFF_ROLES),
		scope: scopeSchema,
		departmentCode: departmentSchema.optional()
	})
	.strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** Only these fields may change; username and id never do (strict: others are refused). */
export const updateUserSchema = z
	.object({
		displayName: z.string().trim().min(1).max(100).optional(),
		role: z.enum(STAFF_ROLES).optional(),
		scope: scopeSchema.optional(),
		departmentCode: departmentSchema.optional(),
		disabled: z.boolean().optional()
	})
	.strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

export interface UserView {
	id: number;
	username: string;
	displayName: string;
	role: string;
	scope: 'all' | string[];
	departmentCode: string | null;
	disabled: boolean;
	createdAt: Date;
	updatedAt: Date;
	lastSeenAt: Date | null;
}

interface UserRow extends Record<string, unknown> {
	id: number;
	username: string;
	display_name: string;
	role: string;
	scope: string[] | null;
	department_code: string | null;
	disabled: boolean;
	created_at: Date;
	updated_at: Date;
	last_seen_at?: Date | null;
}

const view = (r: UserRow): UserView => ({
	id: r.id,
	username: r.username,
	displayName: r.display_name,
	role: r.role,
	scope: r.scope === null ? 'all' : r.scope,
	departmentCode: r.department_code,
	disabled: r.disabled,
	createdAt: r.created_at,
	updatedAt: r.updated_at,
	lastSeenAt: r.last_seen_at ?? null
});

/** A user-input problem the HTTP layer answers with 400 or 409 and this message. */
export class UserInputError extends Error {
	readonly status: 400 | 404 | 409;
	constructor(status: 400 | 404 | 409, message: string) {
		super(message);
		this.name = 'UserInputError';
		this.status = status;
	}
}

/** A scoped admin may grant only scopes inside their own, never the whole district. */
function requireScopeWithin(actor: Actor, scope: 'all' | readonly string[] | null): void {
	if (actor.scope === 'all') return;
	const own = actor.scope;
	if (scope === 'all' || scope === null || !scope.every((c) => own.includes(c))) {
		throw new PermissionError(403, 'user.manage', 'Scope outside your own');
	}
}

async function checkCodes(tx: Queryable, scope: 'all' | readonly string[], dept?: string | null) {
	if (scope !== 'all') {
		const known = new Set(
			(await tx.query<{ code: string }>(sql('auth/subdistricts'))).map((r) => r.code)
		);
		const bad = scope.find((c) => !known.has(c));
		if (bad) throw new UserInputError(400, `scope: ${bad} is not a subdistrict`);
	}
	if (dept) {
		const known = (await tx.query<{ code: string }>(sql('auth/departments'))).map((r) => r.code);
		if (!known.includes(dept)) throw new UserInputError(400, `departmentCode: unknown department`);
	}
}

export async function listUsers(db: Db, actor: Actor): Promise<UserView[]> {
	requireCapability(actor, 'user.manage');
	const scope = actor.scope === 'all' ? null : [...actor.scope];
	return (await db.query<UserRow>(sql('auth/user_list'), [scope])).map(view);
}

async function loadManaged(tx: Queryable, actor: Actor, id: number): Promise<UserRow> {
	const [row] = await tx.query<UserRow>(sql('auth/user_by_id'), [id]);
	if (!row) throw new UserInputError(404, 'No such user');
	try {
		requireScopeWithin(actor, row.scope);
	} catch {
		// why: outside the admin's scope looks the same as not existing.
		throw new UserInputError(404, 'No such user');
	}
	return row;
}

export async function getUser(db: Db, actor: Actor, id: number): Promise<UserView> {
	requireCapability(actor, 'user.manage');
	return view(await loadManaged(db, actor, id));
}

export async function createUser(
	db: Db,
	actor: Actor,
	input: CreateUserInput,
	client: string | null = null
): Promise<UserView> {
	requireCapability(actor, 'user.manage');
	requireScopeWithin(actor, input.scope);
	const hash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		await checkCodes(tx, input.scope, input.departmentCode);
		let id: number;
		try {
			const [row] = await tx.query<{ id: number }>(sql('auth/user_insert'), [
				input.username,
				input.displayName,
				hash,
				input.role,
				input.scope === 'all' ? null : input.scope,
				input.departmentCode ?? null
			]);
			id = row!.id;
		} catch (e) {
			// why: by name as well as class: a test's Db may come from another module instance.
			if (
				(e instanceof DbError || (e as Error)?.name === 'DbError') &&
				(e as DbError).code === '23505'
			) {
				throw new UserInputError(409, 'username: already taken');
			}
			throw e;
		}
		await audit(tx, actor, {
			action: 'user.create',
			subjectKind: 'app_user',
			subjectId: id,
			scopeReason: `role=${input.role}`,
			client
		});
		return view((await tx.query<UserRow>(sql('auth/user_by_id'), [id]))[0]!);
	});
}

export async function updateUser(
	db: Db,
	actor: Actor,
	id: number,
	input: UpdateUserInput,
	client: string | null = null
): Promise<UserView> {
	requireCapability(actor, 'user.manage');
	if (input.scope !== undefined) requireScopeWithin(actor, input.scope);
	return db.transaction(async (tx) => {
		const before = await loadManaged(tx, actor, id);
		await checkCodes(tx, input.scope ?? 'all', input.departmentCode);
		const losesAdmin =
			before.role === 'admin' &&
			!before.disabled &&
			((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
		if (losesAdmin) {
			const [{ n }] = (await tx.query<{ n: number }>(sql('auth/admin_count'))) as [{ n: number }];
			if (n <= 1)
				throw new UserInputError(409, 'The last enabled admin cannot be demoted or disabled');
		}
		await tx.query(sql('auth/user_update'), [
			id,
			input.displayName ?? null,
			input.role ?? null,
			input.scope !== undefined,
			input.scope === undefined || input.scope === 'all' ? null : input.scope,
			input.departmentCode !== undefined,
			input.departmentCode ?? null,
			input.disabled ?? null
		]);
		const identityChanged =
			(input.role !== undefined && input.role !== before.role) ||
			input.scope !== undefined ||
			input.disabled === true;
		// why: a disabled or re-scoped user must not keep acting with the old rights.
		if (identityChanged) await deleteUserSessions(tx, id);
		await audit(tx, actor, {
			action: input.disabled === true ? 'user.disable' : 'user.update',
			subjectKind: 'app_user',
			subjectId: id,
			scopeReason: `fields=${Object.keys(input).sort().join(',')}`,
			client
		});
		return view((await tx.query<UserRow>(sql('auth/user_by_id'), [id]))[0]!);
	});
}

export async function resetPassword(
	db: Db,
	actor: Actor,
	id: number,
	password: string,
	client: string | null = null
): Promise<void> {
	requireCapability(actor, 'user.manage');
	const hash = await hashPassword(passwordSchema.parse(password));
	await db.transaction(async (tx) => {
		await loadManaged(tx, actor, id);
		await tx.query(sql('auth/user_set_password'), [id, hash]);
		await deleteUserSessions(tx, id);
		await audit(tx, actor, {
			action: 'user.password_reset',
			subjectKind: 'app_user',
			subjectId: id,
			scopeReason: 'admin reset',
			client
		});
	});
}

export interface AreaOption {
	code: string;
	name: string;
	nameEn: string | null;
}

/** The subdistricts and departments the admin form offers (within the admin's scope). */
export async function userFormOptions(
	db: Db,
	actor: Actor
): Promise<{ subdistricts: AreaOption[]; departments: AreaOption[] }> {
	requireCapability(actor, 'user.manage');
	const all = await db.query<AreaOption & Record<string, unknown>>(sql('auth/subdistricts'));
	const subdistricts =
		actor.scope === 'all' ? all : all.filter((a) => actor.scope.includes(a.code));
	const departments = await db.query<AreaOption & Record<string, unknown>>(sql('auth/departments'));
	return { subdistricts, departments };
}
