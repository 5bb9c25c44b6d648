/**
 * Editing the what-if session on the map: a click adds a candidate (or switches an existing
 * point off / on), dragging moves a candidate or an existing point, right-click removes a
 * candidate; Delete removes the selected point and Esc deselects.
 */
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { PointKey, WhatIfSession } from './session.svelte';
import { hitTest } from './view';

/** Pixels within which a click hits a candidate / an existing point. */
const HIT_CANDIDATE = 10;
const HIT_EXISTING = 8;

/**
 * Wires the map's mouse events and the page's keys to the session.
 *
 * @param map - the MapLibre map
 * @param session - the what-if session
 * @returns a function that removes the key handler
 * @example
 * const detach = attachEditing(map, session);
 */
export function attachEditing(map: MapLibreMap, session: WhatIfSession): () => void {
	let dragging: PointKey | null = null;
	let dragMoved = false;

	const hit = (x: number, y: number): PointKey | null => {
		const drawn = session.drawn();
		const screen = (kind: 'candidate' | 'existing') =>
			drawn
				.filter((p) => (p.kind === 'candidate') === (kind === 'candidate') && p.kind !== 'proposed')
				.map((p) => {
					const xy = map.project([p.lon, p.lat]);
					return { id: p.id, x: xy.x, y: xy.y };
				});
		return (
			hitTest(screen('candidate'), x, y, HIT_CANDIDATE) ??
			hitTest(screen('existing'), x, y, HIT_EXISTING)
		);
	};

	map.getCanvas().style.cursor = 'crosshair';
	map.on('mousedown', (e: MapMouseEvent) => {
		if (!session.ready) return;
		const id = hit(e.point.x, e.point.y);
		if (id === null) return;
		e.preventDefault();
		dragging = id;
		dragMoved = false;
		session.selected = id;
		map.dragPan.disable();
	});
	map.on('mousemove', (e: MapMouseEvent) => {
		if (dragging === null) return;
		dragMoved = true;
		session.moveTo(dragging, e.lngLat.lng, e.lngLat.lat);
	});
	map.on('mouseup', () => {
		if (dragging === null) return;
		dragging = null;
		map.dragPan.enable();
	});
	map.on('click', (e: MapMouseEvent) => {
		if (dragMoved) {
			dragMoved = false;
			return;
		}
		if (!session.ready) return;
		const id = hit(e.point.x, e.point.y);
		if (typeof id === 'string') return; // a candidate: selected on mousedown
		if (typeof id === 'number') {
			session.toggleOff(id);
			return;
		}
		session.add(e.lngLat.lng, e.lngLat.lat);
	});
	map.on('contextmenu', (e: MapMouseEvent) => {
		const id = hit(e.point.x, e.point.y);
		if (typeof id === 'string') session.remove(id);
	});

	const onkey = (e: KeyboardEvent): void => {
		const t = e.target as HTMLElement | null;
		if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
		if (e.key === 'Escape') session.selected = null;
		else if ((e.key === 'Delete' || e.key === 'Backspace') && session.selected !== null) {
			e.preventDefault();
			session.remove(session.selected);
		}
	};
	window.addEventListener('keydown', onkey);
	return () => window.removeEventListener('keydown', onkey);
}
