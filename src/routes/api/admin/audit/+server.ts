import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { guarded, zodMessage } from '$lib/server/http/errors';
import { listAudit } from '$lib/server/auth/audit';
import type { RequestHandler } from './$types';

const query = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

/** GET /api/admin/audit?limit=200 → the latest audit entries (audit.read). */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	const q = query.safeParse({ limit: url.searchParams.get('limit') ?? undefined });
	if (!q.success) error(400, { message: zodMessage(q.error) });
	return json({ entries: await listAudit(locals.db, locals.actor, q.data.limit) });
});
