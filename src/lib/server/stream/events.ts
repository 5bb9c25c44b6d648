/**
 * Change-feed rows → Server-Sent Events, and who may see which. Pure (no I/O): the hub feeds it
 * rows from map/changes and writes the frames.
 */
import type { Actor } from '../../domain/actor';
import { inScope } from '../../domain/actor';
import { can } from '../../domain/permissions';

export const EVENT_KINDS = ['incident', 'alert', 'service_point', 'sensor', 'warning'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One row of sql/queries/map/changes.sql. */
// A type, not an interface: query rows must be assignable to Record<string, unknown>.
export type ChangeRow = {
	id: number;
	kind: EventKind;
	entityId: number;
	op: 'insert' | 'update' | 'delete';
	subdistrict: string | null;
	number: string | null;
	incidentState: string | null;
	category: string | null;
	priority: number | null;
	urgency: string | null;
	sensor: number | null;
	severity: string | null;
	alertState: string | null;
	lon: number | null;
	lat: number | null;
};

/** A change ready to send: its frame is built once and shared by every viewer. */
export interface ChangeEvent {
	id: number;
	kind: EventKind;
	subdistrict: string | null;
	frame: Uint8Array;
}

const encoder = new TextEncoder();

/** The event's data (the map API contract, §8). */
export function eventData(r: ChangeRow): Record<string, unknown> {
	if (r.kind === 'incident' && r.number !== null) {
		return {
			id: r.entityId,
			op: r.op,
			number: r.number,
			state: r.incidentState,
			category: r.category,
			priority: r.priority,
			urgency: r.urgency,
			lon: r.lon,
			lat: r.lat,
			subdistrict: r.subdistrict
		};
	}
	if (r.kind === 'alert' && r.severity !== null) {
		return {
			id: r.entityId,
			op: r.op,
			sensor: r.sensor,
			severity: r.severity,
			state: r.alertState,
			lon: r.lon,
			lat: r.lat
		};
	}
	return { id: r.entityId, op: r.op };
}

/** One SSE frame: `id:`, `event:`, `data:` (JSON has no raw newlines, so one data line). */
export function sseFrame(id: number | null, event: string, data: unknown): string {
	return `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function toEvent(r: ChangeRow): ChangeEvent {
	return {
		id: r.id,
		kind: r.kind,
		subdistrict: r.subdistrict,
		frame: encoder.encode(sseFrame(r.id, r.kind, eventData(r)))
	};
}

/** What one viewer may receive, decided once per connection from the actor. */
export interface Viewer {
	accepts(e: Pick<ChangeEvent, 'kind' | 'subdistrict'>): boolean;
}

/**
 * Cases to those who read cases, alerts and sensors to those who read sensors, warnings to
 * indicator readers — each within their subdistricts; service points (public facilities) to all.
 */
export function viewerOf(actor: Actor): Viewer {
	const kinds: Record<EventKind, boolean> = {
		incident: can(actor, 'incident.read'),
		alert: can(actor, 'sensor.read'),
		sensor: can(actor, 'sensor.read'),
		warning: can(actor, 'indicators.read'),
		service_point: true
	};
	return {
		accepts: (e) => kinds[e.kind] && (e.kind === 'service_point' || inScope(actor, e.subdistrict))
	};
}

export function encode(text: string): Uint8Array {
	return encoder.encode(text);
}
