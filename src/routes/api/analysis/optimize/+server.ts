import { json } from '@sveltejs/kit';
import { requireAnalysis } from '$lib/server/analysis/access';
import { readJsonBody } from '$lib/server/analysis/body';
import { prepareOptimize } from '$lib/server/analysis/optimize';
import { expectedError, guarded } from '$lib/server/http/errors';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

/**
 * POST /api/analysis/optimize {model, costs, demand, radius, p, fixed} (or demandPoints +
 * candidates, or a planner body with service/segment/candidates) →
 * { status, selected, objective, gap, … }. Bad input → 400 listing each problem.
 *
 * With `Accept: text/event-stream` the answer is a stream of `progress` events (phase, best
 * objective, bound, gap, elapsed time) and one `result` (or `error`) event; closing the
 * connection cancels the solve (HiGHS runs in a worker thread and is terminated).
 */
export const POST: RequestHandler = guarded(async ({ request, locals }) => {
	// why: refuse before reading the body, so an anonymous caller learns nothing about its shape.
	requireAnalysis(locals.actor);
	const body = await readJsonBody(request, locals.config.JSON_BODY_LIMIT_BYTES);
	// Validation happens here, so bad input is a 400 even when a stream was asked for.
	const run = await prepareOptimize(locals.db, locals.actor, body);
	if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) {
		const result = await run({ signal: request.signal });
		return json(result, { headers: { 'Cache-Control': 'no-store' } });
	}
	const cancel = new AbortController();
	request.signal.addEventListener('abort', () => cancel.abort(), { once: true });
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (event: string, data: unknown) => {
				if (cancel.signal.aborted) return;
				controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
			};
			run({ signal: cancel.signal, onProgress: (p) => send('progress', p) })
				.then((result) => send('result', result))
				.catch((e: unknown) => {
					const known = expectedError(e);
					if (!known && !cancel.signal.aborted) {
						log.error('optimisation failed', { error: e instanceof Error ? e.message : String(e) });
					}
					send('error', { message: known?.message ?? 'Internal error' });
				})
				.finally(() => {
					try {
						controller.close();
					} catch {
						// Already closed by a cancelled reader.
					}
				});
		},
		cancel() {
			cancel.abort();
		}
	});
	return new Response(stream, {
		headers: {
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-store',
			'X-Accel-Buffering': 'no'
		}
	});
});
