/**
 * The live overlay: incidents and alerts changed since the tiles were fetched, from the change
 * stream (/api/stream). An overlay entry supersedes the tile feature with the same id (the tile
 * layer hides it), so a change shows at once without refetching or redrawing the tiles; when the
 * tiles are refreshed later, entries they already include are dropped. Pure.
 */
import { shanghaiDate, type Filters } from './view';

export { shanghaiDate };

/** An incident as the stream sends it (and as the map draws it). */
export interface LiveIncident {
	id: number;
	op: string;
	number: string;
	state: string;
	category: string;
	priority: number;
	urgency: string;
	lon: number;
	lat: number;
	subdistrict: string | null;
}

/** An alert as the stream sends it. */
export interface LiveAlert {
	id: number;
	op: string;
	sensor: number;
	severity: string;
	state: string;
	lon: number;
	lat: number;
}

export interface OverlayEntry<T> {
	/** The change-log id of the latest event for this feature. */
	seq: number;
	value: T;
	/** False: the feature no longer matches the filters (or was deleted): hide it everywhere. */
	shown: boolean;
}

/**
 * Whether a streamed incident belongs on the map under these filters. The event carries no
 * reported time: a new case (op 'insert') counts as reported now and must fall in the window; a
 * changed one keeps the window it was drawn under.
 */
export function incidentMatches(inc: LiveIncident, f: Filters, now: Date): boolean {
	if (inc.op === 'delete') return false;
	if (f.status.length ? !(f.status as string[]).includes(inc.state) : inc.state === 'merged') {
		return false;
	}
	if (f.category.length && !f.category.some((c) => inc.category.startsWith(c))) return false;
	if (f.subdistrict.length && !(inc.subdistrict && f.subdistrict.includes(inc.subdistrict))) {
		return false;
	}
	if (f.urgency.length && !(f.urgency as string[]).includes(inc.urgency)) return false;
	if (inc.op === 'insert') {
		const today = shanghaiDate(now);
		if (f.from && today < f.from) return false;
		if (f.to && today > f.to) return false;
	}
	return true;
}

/** Parses an SSE incident payload; null when it is not one. */
export function parseIncident(data: string): LiveIncident | null {
	try {
		const o = JSON.parse(data) as Partial<LiveIncident>;
		if (
			typeof o.id !== 'number' ||
			typeof o.lon !== 'number' ||
			typeof o.lat !== 'number' ||
			typeof o.state !== 'string'
		) {
			return null;
		}
		return {
			id: o.id,
			op: String(o.op ?? 'update'),
			number: String(o.number ?? ''),
			state: o.state,
			category: String(o.category ?? ''),
			priority: Number(o.priority ?? 2),
			urgency: String(o.urgency ?? 'none'),
			lon: o.lon,
			lat: o.lat,
			subdistrict: typeof o.subdistrict === 'string' ? o.subdistrict : null
		};
	} catch {
		return null;
	}
}

/** Parses an SSE alert payload; null when it is not one. */
export function parseAlert(data: string): LiveAlert | null {
	try {
		const o = JSON.parse(data) as Partial<LiveAlert>;
		if (typeof o.id !== 'number' || typeof o.lon !== 'number' || typeof o.lat !== 'number') {
			return null;
		}
		return {
			id: o.id,
			op: String(o.op ?? 'update'),
			sensor: Number(o.sensor ?? 0),
			severity: String(o.severity ?? 'blue'),
			state: String(o.state ?? 'open'),
			lon: o.lon,
			lat: o.lat
		};
	} catch {
		return null;
	}
}

/**
 * A new overlay with one event applied (the input is not changed). An older event than the one
 * held (a replay after reconnecting) is ignored.
 */
export function applyEvent<T>(
	overlay: ReadonlyMap<number, OverlayEntry<T>>,
	id: number,
	seq: number,
	value: T,
	shown: boolean
): Map<number, OverlayEntry<T>> {
	const held = overlay.get(id);
	const out = new Map(overlay);
	if (held && held.seq >= seq) return out;
	out.set(id, { seq, value, shown });
	return out;
}

/** The overlay without the entries that tiles fetched at change-log id `seq` already include. */
export function dropUpTo<T>(
	overlay: ReadonlyMap<number, OverlayEntry<T>>,
	seq: number
): Map<number, OverlayEntry<T>> {
	const out = new Map<number, OverlayEntry<T>>();
	for (const [id, e] of overlay) if (e.seq > seq) out.set(id, e);
	return out;
}

/** Whether an alert is open (shown on the map) in the state the stream reports. */
export function alertOpen(a: LiveAlert): boolean {
	return a.op !== 'delete' && !['closed', 'resolved', 'cleared'].includes(a.state);
}
