/**
 * The live feed (GET /api/stream, Server-Sent Events). EventSource reconnects by itself and sends
 * Last-Event-ID, so the server replays what was missed; `reset` means too much was missed and the
 * page should refetch.
 */

export type LiveState = 'connecting' | 'live' | 'offline';

export interface StreamHandlers {
	/** One change: `kind` is the event name, `seq` the change-log id. */
	onchange: (kind: string, seq: number, data: string) => void;
	onreset: () => void;
	onstate: (state: LiveState) => void;
}

const KINDS = ['incident', 'alert', 'service_point', 'sensor', 'warning'] as const;

/**
 * Opens the stream.
 * @returns a function that closes it
 */
export function openStream(url: string, h: StreamHandlers): () => void {
	const es = new EventSource(url);
	h.onstate('connecting');
	es.onopen = () => h.onstate('live');
	es.onerror = () => h.onstate(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
	for (const kind of KINDS) {
		es.addEventListener(kind, (e: MessageEvent<string>) => {
			const seq = Number(e.lastEventId);
			h.onchange(kind, Number.isFinite(seq) ? seq : 0, e.data);
		});
	}
	es.addEventListener('reset', () => h.onreset());
	return () => es.close();
}
