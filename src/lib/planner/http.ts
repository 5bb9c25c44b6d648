/**
 * The planner page's JSON calls: errors become an Error whose message is the server's (which
 * names the parameter), wrapped in the localised "request failed" text.
 */
import { m } from '$lib/paraglide/messages.js';

/**
 * GET a JSON document.
 *
 * @param url - same-origin URL
 * @param signal - aborts the request
 * @returns the parsed body
 * @throws Error with the server's message
 * @example
 * const r = await getJson<CellsReply>('/api/analysis/cells');
 */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
	const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
	if (!res.ok) throw new Error(await problem(res));
	return (await res.json()) as T;
}

/**
 * Sends a JSON body (POST, PUT, DELETE).
 *
 * @param method - HTTP method
 * @param url - same-origin URL
 * @param body - the JSON body, if any
 * @param signal - aborts the request
 * @returns the parsed reply, or null for 204
 * @throws Error with the server's message
 * @example
 * await send('DELETE', `/api/scenarios/${id}`);
 */
export async function send<T = unknown>(
	method: string,
	url: string,
	body?: unknown,
	signal?: AbortSignal
): Promise<T> {
	const res = await fetch(url, {
		method,
		signal,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		...(body !== undefined && { body: JSON.stringify(body) })
	});
	if (!res.ok) throw new Error(await problem(res));
	return (res.status === 204 ? null : await res.json()) as T;
}

/**
 * The localised message for a failed response.
 *
 * @param res - the response
 * @returns "request failed: <server message>"
 * @example
 * throw new Error(await problem(res));
 */
export async function problem(res: Response): Promise<string> {
	try {
		const b = (await res.json()) as { message?: string };
		return m.planner_error({ message: b.message ?? `HTTP ${res.status}` });
	} catch {
		return m.planner_error({ message: `HTTP ${res.status}` });
	}
}
