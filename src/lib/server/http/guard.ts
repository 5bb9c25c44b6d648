/**
 * Request guards run by hooks.server.ts before any route: cross-origin refusal for state-changing
 * requests, JSON-only API writes, body size caps, and the security headers on every response.
 */

/**
 * Endpoints called by machines with their own credentials (device keys, Open311 api_key), exempt
 * from the browser cross-origin checks and free to use their own content types: sensor ingestion
 * and Open311 request submission, and nothing else.
 */
export const MACHINE_ENDPOINTS: readonly RegExp[] = [
	/^\/api\/ingest\/readings$/,
	/^\/open311\/v2\/requests\.(json|xml)$/
];

/** The content types a browser may send cross-site without a CORS preflight (HTML forms). */
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain'
]);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardOptions {
	/** Cap on an /api/ request's declared body (bytes); streamed bodies are capped by readJson. */
	maxApiBody: number;
}

function refuse(status: number, message: string, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify({ message }), {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }
	});
}

export function isMachineEndpoint(pathname: string): boolean {
	return MACHINE_ENDPOINTS.some((re) => re.test(pathname));
}

/**
 * A refusal for a request that must not reach a route, or null to let it through. This is the
 * app's one cross-site request check (SvelteKit's own is switched off in svelte.config.js, because
 * it cannot exempt machine endpoints such as Open311, whose clients post forms without an Origin):
 * - a state-changing request whose Origin is present and not ours → 403;
 * - a state-changing form submission (urlencoded, multipart, text/plain) without an Origin → 403,
 *   as SvelteKit would (browsers always send Origin on a cross-site form POST);
 * - Sec-Fetch-Site cross-site or same-site (another subdomain) → 403;
 * - a state-changing /api/ request that is not application/json → 415 (which also means a
 *   cross-origin page cannot send it without a CORS preflight, which we never grant);
 * - a declared body over the cap → 413.
 */
export function guardRequest(request: Request, url: URL, opts: GuardOptions): Response | null {
	const method = request.method.toUpperCase();
	if (SAFE_METHODS.has(method) || isMachineEndpoint(url.pathname)) return null;
	const site = request.headers.get('sec-fetch-site')?.toLowerCase();
	if (site === 'cross-site' || site === 'same-site') {
		return refuse(403, 'Cross-site requests are forbidden');
	}
	const origin = request.headers.get('origin');
	if (origin !== null && origin !== url.origin) {
		return refuse(403, 'Cross-origin requests are forbidden');
	}
	const [media] = (request.headers.get('content-type') ?? '').split(';');
	const mediaType = media!.trim().toLowerCase();
	const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
	if (api) {
		if (mediaType !== 'application/json') {
			return refuse(415, 'Content-Type must be application/json');
		}
		const length = request.headers.get('content-length');
		if (length !== null && !(Number(length) <= opts.maxApiBody)) {
			return refuse(413, `Request body larger than ${opts.maxApiBody} bytes`);
		}
	}
	if (origin === null && FORM_TYPES.has(mediaType)) {
		return refuse(403, 'Cross-site form submissions are forbidden');
	}
	return null;
}

/** Rate-limited answer. */
export function tooManyRequests(retryAfterSeconds: number): Response {
	return refuse(429, 'Too many requests', { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * Security headers on every response. The CSP of HTML pages comes from kit.csp
 * (svelte.config.js, with nonces/hashes); other responses get a deny-all CSP.
 */
export function applySecurityHeaders(response: Response, url: URL, signedIn: boolean): void {
	const h = response.headers;
	const set = (k: string, v: string) => {
		if (!h.has(k)) h.set(k, v);
	};
	set('X-Content-Type-Options', 'nosniff');
	set('Referrer-Policy', 'strict-origin-when-cross-origin');
	set('X-Frame-Options', 'DENY');
	set('Cross-Origin-Opener-Policy', 'same-origin');
	set('Cross-Origin-Resource-Policy', 'same-origin');
	set(
		'Permissions-Policy',
		'camera=(), microphone=(), payment=(), usb=(), interest-cohort=(), geolocation=(self)'
	);
	if (url.protocol === 'https:')
		set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	const type = h.get('content-type') ?? '';
	if (!type.startsWith('text/html'))
		set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	// why: a signed-in user's responses may hold scoped data; no shared cache may keep them.
	if (signedIn) set('Cache-Control', 'private, no-store');
}
