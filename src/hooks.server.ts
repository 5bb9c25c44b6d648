import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { startApp, type AppContext } from '$lib/server/app';
import { devActor } from '$lib/server/actor';
import { log } from '$lib/server/log';

let app: AppContext | undefined;

// Open the database and run migrations once, before the first request (kit hooks docs).
export const init: ServerInit = async () => {
	try {
		app = await startApp();
	} catch (e) {
		// A bad config or an unreachable database stops start-up with the reason.
		console.error((e as Error).message);
		process.exit(1);
	}
	const ctx = app;
	// adapter-node emits this after in-flight requests have finished (graceful shutdown).
	process.once('sveltekit:shutdown' as 'exit', () => {
		void ctx.db.close().then(() => log.info('database closed'));
	});
};

const context: Handle = async ({ event, resolve }) => {
	if (!app) throw new Error('The app is not initialised');
	event.locals.db = app.db;
	// Until sign-in exists every request acts as the configured development actor.
	event.locals.actor = devActor(app.config);
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request: localizedRequest, locale }) => {
		event.request = localizedRequest;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(headers, context, i18n);

// Errors show a generic message and an id, never SQL or stack traces; the log has the detail.
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = randomUUID();
	if (status >= 500) {
		log.error('unhandled error', {
			errorId,
			path: event.url.pathname,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	}
	return { message: status === 404 ? 'Not found' : 'Internal error', errorId };
};
