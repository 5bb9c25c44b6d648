import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { expectedError } from '$lib/server/http/errors';
import {
	createUser,
	createUserSchema,
	listUsers,
	resetPassword,
	resetPasswordSchema,
	updateUser,
	updateUserSchema,
	userFormOptions
} from '$lib/server/auth/users';
import type { Actor } from '$lib/domain/actor';
import type { Actions, PageServerLoad } from './$types';

/** Anonymous → sign in first; signed in without user.manage → 403. */
function gate(actor: Actor, url: URL): void {
	if (can(actor, 'user.manage')) return;
	if (actor.userId === null && actor.role === 'public') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	}
	error(403, { message: 'Forbidden' });
}

export const load: PageServerLoad = async ({ locals, url }) => {
	gate(locals.actor, url);
	const [users, options] = await Promise.all([
		listUsers(locals.db, locals.actor),
		userFormOptions(locals.db, locals.actor)
	]);
	return { users, ...options, me: locals.actor.userId };
};

const str = (f: FormData, k: string) => {
	const v = f.get(k);
	return typeof v === 'string' ? v : undefined;
};

/** Runs an admin action: the capability first (actions are not protected by load), then the form. */
async function act(
	actor: Actor,
	request: Request,
	run: (form: FormData) => Promise<unknown>
): Promise<{ ok: true } | ReturnType<typeof fail<{ message: string }>>> {
	if (!can(actor, 'user.manage')) {
		error(actor.userId === null && actor.role === 'public' ? 401 : 403, { message: 'Forbidden' });
	}
	const form = await request.formData();
	try {
		await run(form);
		return { ok: true };
	} catch (e) {
		const known = expectedError(e);
		if (known) return fail(known.status, { message: known.message });
		throw e;
	}
}

function idOf(form: FormData): number {
	const id = str(form, 'id');
	if (!id || !/^[1-9][0-9]{0,9}$/.test(id)) error(400, { message: 'id: must be a user id' });
	return Number(id);
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		return act(locals.actor, request, async (form) => {
			const scope = form.getAll('scope').filter((v): v is string => typeof v === 'string');
			const parsed = createUserSchema.safeParse({
				username: str(form, 'username') ?? '',
				displayName: str(form, 'displayName') ?? '',
				password: str(form, 'password') ?? '',
				role: str(form, 'role') ?? '',
				scope: scope.length ? scope : 'all',
				departmentCode: str(form, 'departmentCode') || null
			});
			if (!parsed.success) throw parsed.error;
			await createUser(locals.db, locals.actor, parsed.data, locals.client);
		});
	},
	update: async ({ request, locals }) => {
		return act(locals.actor, request, async (form) => {
			// Only the fields the form sends change: a missing scope never widens to the district.
			const scope = form.getAll('scope').filter((v): v is string => typeof v === 'string');
			const parsed = updateUserSchema.safeParse({
				role: str(form, 'role') || undefined,
				scope: form.get('scopeAll') === 'on' ? 'all' : scope.length ? scope : undefined,
				departmentCode: form.has('departmentCode') ? str(form, 'departmentCode') || null : undefined
			});
			if (!parsed.success) throw parsed.error;
			await updateUser(locals.db, locals.actor, idOf(form), parsed.data, locals.client);
		});
	},
	disable: async ({ request, locals }) => {
		return act(locals.actor, request, (form) =>
			updateUser(locals.db, locals.actor, idOf(form), { disabled: true }, locals.client)
		);
	},
	enable: async ({ request, locals }) => {
		return act(locals.actor, request, (form) =>
			updateUser(locals.db, locals.actor, idOf(form), { disabled: false }, locals.client)
		);
	},
	reset: async ({ request, locals }) => {
		return act(locals.actor, request, async (form) => {
			const parsed = resetPasswordSchema.safeParse({ password: str(form, 'password') ?? '' });
			if (!parsed.success) throw parsed.error;
			await resetPassword(locals.db, locals.actor, idOf(form), parsed.data.password, locals.client);
		});
	}
};
