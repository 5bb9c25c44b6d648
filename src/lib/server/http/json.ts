/**
 * JSON request bodies: content type checked (application/json only, any case, charset allowed),
 * size capped while streaming (Content-Length can be absent or a lie: chunked bodies count too),
 * parsed, and validated with zod → 400 naming the field.
 */
import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { zodMessage } from './errors';

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

/** True for `application/json`, `Application/JSON; charset=utf-8`, …; false for +json variants. */
export function isJsonContentType(header: string | null): boolean {
	if (!header) return false;
	const [type] = header.split(';');
	return type!.trim().toLowerCase() === 'application/json';
}

/** Reads the body as UTF-8 text, refusing with 413 once it passes maxBytes. */
export async function readTextCapped(request: Request, maxBytes: number): Promise<string> {
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) > maxBytes) {
		error(413, { message: `Request body larger than ${maxBytes} bytes` });
	}
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		let next: ReadableStreamReadResult<Uint8Array>;
		try {
			next = await reader.read();
		} catch {
			// adapter-node aborts the stream past BODY_SIZE_LIMIT; a client may hang up too.
			error(413, { message: 'Request body too large or interrupted' });
		}
		if (next.done) break;
		total += next.value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => {});
			error(413, { message: `Request body larger than ${maxBytes} bytes` });
		}
		chunks.push(next.value);
	}
	const bytes = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		error(400, { message: 'Request body is not valid UTF-8' });
	}
}

/**
 * The validated JSON body. 415 unless application/json, 413 past the cap, 400 for malformed
 * JSON or a schema mismatch (the message names the field; strict schemas refuse extra fields).
 */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S,
	maxBytes = DEFAULT_JSON_LIMIT
): Promise<z.output<S>> {
	if (!isJsonContentType(request.headers.get('content-type'))) {
		error(415, { message: 'Content-Type must be application/json' });
	}
	const text = await readTextCapped(request, maxBytes);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		error(400, { message: 'Malformed JSON' });
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) error(400, { message: zodMessage(parsed.error) });
	return parsed.data;
}

/** A path parameter that must be a positive integer id (→ 404 otherwise: nothing to find). */
export function idParam(value: string | undefined): number {
	if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2 ** 31 - 1) {
		error(404, { message: 'Not found' });
	}
	return Number(value);
}
