import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { startApp, type AppContext } from '$lib/server/app';
import { devActor } from '$lib/server/actor';
import { log } from '$lib/server/log';
import { ANONYMOUS, type Actor } from '$lib/domain/actor';
import { resolveSession, sessionCookie } from '$lib/server/auth/session';
import { clientAddress, parseTrustedProxies } from '$lib/server/auth/client';
import { RateLimiter } from '$lib/server/auth/rate-limit';
import { applySecurityHeaders, guardRequest, tooManyRequests } from '$lib/server/http/guard';
import { expectedError } from '$lib/server/http/errors';

let app: AppContext | undefined;
let trusted: ReadonlySet<string> = new Set();
let limiter = new RateLimiter(0);
let fallbackActor: Actor | null = null;

/**
 * Tests that drive the built app in-process (tests/api) hand it their own database through this
 * global; honoured only under vitest, so a deployed server always opens its configured database.
 */
const TEST_APP = Symbol.for('jiedao.testApp');

// Open the database and run migrations once, before the first request (kit hooks docs).
export const init: ServerInit = async () => {
	try {
		const injected = (globalThis as Record<symbol, AppContext | undefined>)[TEST_APP];
		app = process.env.VITEST && injected ? injected : await startApp();
	} catch (e) {
		// A bad config or an unreachable database stops start-up with the reason.
		console.error((e as Error).message);
		process.exit(1);
	}
	const ctx = app;
	trusted = parseTrustedProxies(ctx.config.TRUSTED_PROXY);
	limiter = new RateLimiter(ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE);
	fallbackActor = devActor(ctx.config);
	if (fallbackActor) {
		log.warn(
			'!!! DEV_ACTOR_ROLE is set: signed-out visitors act as this role. Development only. !!!',
			{
				role: fallbackActor.role
			}
		);
	}
	// adapter-node emits this after in-flight requests have finished (graceful shutdown).
	process.once('sveltekit:shutdown' as 'exit', () => {
		void ctx.db.close().then(() => log.info('database closed'));
	});
};

function peerAddress(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** Security headers on every response, including refusals and error pages. */
const headers: Handle = async ({ event, resolve }) => {
	let response = await resolve(event);
	try {
		applySecurityHeaders(response, event.url, event.locals.session != null);
	} catch {
		// why: some responses (e.g. a proxied fetch) have immutable headers; copy, then set.
		response = new Response(response.body, response);
		applySecurityHeaders(response, event.url, event.locals.session != null);
	}
	return response;
};

/** Cross-origin, content-type and size refusals before any route or database work. */
const guard: Handle = async ({ event, resolve }) => {
	if (!app) throw new Error('The app is not initialised');
	const refusal = guardRequest(event.request, event.url, {
		maxApiBody: app.config.JSON_BODY_LIMIT_BYTES
	});
	if (refusal) return refusal;
	// why: kit renders errors as HTML unless the client asks for JSON; scripts calling /api/ with
	// no Accept header (curl, fetch) should get { message, errorId } too.
	if (event.url.pathname.startsWith('/api/')) {
		// No such API route: JSON, not the HTML error page kit renders for unmatched paths.
		if (event.route.id === null) {
			return new Response(JSON.stringify({ message: 'Not found' }), {
				status: 404,
				headers: { 'Content-Type': 'application/json; charset=utf-8' }
			});
		}
		// Only when the client states no preference: streams and layers negotiate their own types.
		const accept = (event.request.headers.get('accept') ?? '').trim();
		if (accept === '' || accept === '*/*') {
			const h = new Headers(event.request.headers);
			h.set('accept', 'application/json');
			event.request = new Request(event.request, { headers: h });
		}
	}
	return resolve(event);
};

/** The database, the client address and the actor (the session cookie's user, or anonymous). */
const context: Handle = async ({ event, resolve }) => {
	if (!app) throw new Error('The app is not initialised');
	event.locals.db = app.db;
	event.locals.config = app.config;
	event.locals.client = clientAddress(
		peerAddress(event),
		event.request.headers.get('x-forwarded-for'),
		trusted
	);
	event.locals.session = null;
	event.locals.actor = fallbackActor ?? ANONYMOUS;
	const cookie = sessionCookie(event.url);
	const token = event.cookies.get(cookie.name);
	if (token) {
		const found = await resolveSession(app.db, app.config, token, new Date());
		if (found) {
			event.locals.actor = found.actor;
			event.locals.session = { token, displayName: found.displayName, expiresAt: found.expiresAt };
		} else {
			// Expired, signed out elsewhere, or the user was disabled: forget the cookie.
			event.cookies.delete(cookie.name, cookie.options);
		}
	}
	return resolve(event);
};

/**
 * Public (anonymous) API calls and sign-in posts: a token bucket per client. Devices posting
 * readings with a Bearer key are not anonymous: the endpoint checks the key (issue 6).
 */
const rateLimit: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const device =
		path === '/api/ingest/readings' &&
		event.request.method === 'POST' &&
		/^Bearer \S/i.test(event.request.headers.get('authorization') ?? '');
	const limited =
		event.locals.session === null &&
		!device &&
		(path.startsWith('/api/') ||
			path.startsWith('/open311/') ||
			(path === '/login' && event.request.method === 'POST'));
	if (limited) {
		const wait = limiter.take(event.locals.client);
		if (wait > 0) return tooManyRequests(wait);
	}
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request: localizedRequest, locale }) => {
		event.request = localizedRequest;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

export const handle = sequence(headers, guard, context, rateLimit, i18n);

// Errors show a generic message and an id, never SQL or stack traces; the log has the detail.
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = randomUUID();
	const known = expectedError(error);
	if (status >= 500 && !known) {
		log.error('unhandled error', {
			errorId,
			path: event.url.pathname,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	}
	const message = known?.message ?? (status === 404 ? 'Not found' : 'Internal error');
	return { message, errorId };
};
