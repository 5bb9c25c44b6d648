/**
 * Reading a Server-Sent Events stream from a fetch response (POST bodies cannot use
 * EventSource): a small incremental parser of `event:` / `data:` blocks.
 */

/** One event. */
export interface SseEvent {
	event: string;
	data: string;
}

/**
 * Splits SSE text into events; returns the complete ones and the unfinished rest.
 *
 * @param buffer - text received so far (after the previous rest)
 * @returns complete events and the text of the unfinished one
 * @example
 * parseSse('event: a\ndata: 1\n\nevent: b'); // { events: [{ event: 'a', data: '1' }], rest: 'event: b' }
 */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
	const events: SseEvent[] = [];
	const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
	const rest = blocks.pop() ?? '';
	for (const block of blocks) {
		let event = 'message';
		const data: string[] = [];
		for (const line of block.split('\n')) {
			if (line.startsWith('event:')) event = line.slice(6).trim();
			else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
		}
		if (data.length > 0) events.push({ event, data: data.join('\n') });
	}
	return { events, rest };
}

/**
 * Reads an SSE response to its end, calling `onevent` for each event.
 *
 * @param res - a fetch response with a text/event-stream body
 * @param onevent - called per event
 * @returns when the stream ends
 * @example
 * await readSse(res, (e) => console.log(e.event, JSON.parse(e.data)));
 */
export async function readSse(res: Response, onevent: (e: SseEvent) => void): Promise<void> {
	if (!res.body) return;
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	let rest = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		const parsed = parseSse(rest + value);
		rest = parsed.rest;
		for (const e of parsed.events) onevent(e);
	}
	for (const e of parseSse(`${rest}\n\n`).events) onevent(e);
}
