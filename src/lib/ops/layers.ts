/**
 * The operations map's deck.gl layers, built from the classes loaded by loadDeck() and the page's
 * state. Each function returns a new layer instance with a stable id; deck.gl diffs it against the
 * previous one, so changed accessors are redrawn through updateTriggers, never re-fetched.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { DeckModules } from '$lib/map/deck';
import { MVT_LOAD_OPTIONS } from '$lib/map/deck';
import { colourOf, hexToRgba, type Classification, type Rgba } from './classes';
import type { LiveIncident } from './live';
import {
	bubbleRadius,
	incidentColour,
	OVERDUE_RING,
	priorityRadius,
	pulse,
	sensorColour,
	serviceSymbol,
	SERVICE_SYMBOLS
} from './symbols';
import type { ColourBy, Metric } from './view';

/** Properties of an incident tile feature: one case (z ≥ 14) or an aggregate (z < 14). */
export interface IncidentTileProps {
	id?: number;
	number?: string;
	state?: string;
	category?: string;
	priority?: number;
	urgency?: string;
	count?: number;
	overdue?: number;
}

export interface GridProps {
	code: string;
	community: string | null;
	subdistrict: string | null;
	residents: number;
	age60: number;
	age60Share: number | null;
	incidents: number;
	incidentsPer1000: number | null;
	openIncidents: number;
}

export interface ServicePointProps {
	id: number;
	name: string;
	type: string;
	status: 'active' | 'planned';
	capacity: number | null;
}

export interface SensorAlert {
	id: number;
	severity: string;
	state: string;
	openedAt?: string;
}

export interface SensorProps {
	id: number;
	code: string;
	type: string;
	status: string;
	alert: SensorAlert | null;
}

export type Pick = PickingInfo<unknown>;
export type Handler = (info: Pick) => void;

/** Drawing ranks (DeckLayers z): grid under heat under names under points under sensors. */
export const Z = {
	grid: 10,
	heat: 20,
	labels: 25,
	incidents: 30,
	live: 35,
	coverage: 38,
	service: 40,
	pulse: 48,
	sensors: 50
} as const;

const HIDDEN: Rgba = [0, 0, 0, 0];
const BUBBLE: Rgba = [28, 111, 209, 175];

export function gridLayer(
	d: DeckModules,
	o: {
		data: FeatureCollection<Geometry, GridProps> | null;
		metric: Metric;
		classes: Classification;
		visible: boolean;
		onHover: Handler;
		onClick: Handler;
	}
): Layer {
	return new d.GeoJsonLayer<GridProps>({
		id: 'ops-grid',
		data: (o.data ?? { type: 'FeatureCollection', features: [] }) as never,
		visible: o.visible,
		filled: true,
		stroked: true,
		getFillColor: (f: Feature<Geometry, GridProps>) =>
			colourOf(Number(f.properties[o.metric] ?? NaN), o.classes, 170),
		getLineColor: [255, 255, 255, 140],
		lineWidthUnits: 'pixels',
		getLineWidth: 0.5,
		pickable: true,
		autoHighlight: true,
		highlightColor: [28, 111, 209, 110],
		updateTriggers: { getFillColor: [o.metric, o.classes] },
		onHover: o.onHover,
		onClick: o.onClick
	}) as unknown as Layer;
}

/**
 * Incidents from the vector tiles. Features superseded by the live overlay (`hidden`) are drawn
 * transparent, so a changed case never shows twice.
 */
export function incidentTileLayer(
	d: DeckModules,
	o: {
		url: string;
		colourBy: ColourBy;
		hidden: ReadonlySet<number>;
		hiddenVersion: number;
		visible: boolean;
		onHover: Handler;
		onClick: Handler;
		onViewportLoad: () => void;
	}
): Layer {
	type F = Feature<Geometry, IncidentTileProps>;
	const isHidden = (p: IncidentTileProps) => p.id !== undefined && o.hidden.has(p.id);
	return new d.MVTLayer<IncidentTileProps>({
		id: 'ops-incidents',
		data: o.url,
		visible: o.visible,
		minZoom: 0,
		maxZoom: 14,
		binary: false,
		loadOptions: MVT_LOAD_OPTIONS,
		pointType: 'circle',
		pointRadiusUnits: 'pixels',
		getPointRadius: (f: F) =>
			f.properties.count !== undefined
				? bubbleRadius(f.properties.count)
				: priorityRadius(f.properties.priority ?? 3),
		getFillColor: (f: F) => {
			const p = f.properties;
			if (isHidden(p)) return HIDDEN;
			if (p.count !== undefined) return BUBBLE;
			return incidentColour({ state: p.state ?? '', category: p.category ?? '' }, o.colourBy);
		},
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineColor: (f: F) => {
			const p = f.properties;
			if (isHidden(p)) return HIDDEN;
			const overdue = p.count !== undefined ? (p.overdue ?? 0) > 0 : p.urgency === 'overdue';
			return overdue ? OVERDUE_RING : [255, 255, 255, 220];
		},
		getLineWidth: (f: F) => {
			const p = f.properties;
			return (p.count !== undefined ? (p.overdue ?? 0) > 0 : p.urgency === 'overdue') ? 2.5 : 1;
		},
		pickable: true,
		autoHighlight: true,
		highlightColor: [255, 255, 255, 110],
		updateTriggers: {
			getFillColor: [o.colourBy, o.hiddenVersion],
			getLineColor: [o.hiddenVersion]
		},
		onHover: o.onHover as never,
		onClick: o.onClick as never,
		onViewportLoad: o.onViewportLoad
	}) as unknown as Layer;
}

/** Binned incident counts as a heatmap: a Float32Array of [lon, lat, weight] triplets. */
export function heatLayer(
	d: DeckModules,
	o: { bins: Float32Array | null; visible: boolean }
): Layer {
	const bins = o.bins ?? new Float32Array(0);
	return new d.HeatmapLayer<unknown>({
		id: 'ops-heat',
		data: { length: Math.floor(bins.length / 3) } as never,
		visible: o.visible,
		getPosition: (_: unknown, { index }: { index: number }) =>
			[bins[index * 3]!, bins[index * 3 + 1]!] as [number, number],
		getWeight: (_: unknown, { index }: { index: number }) => bins[index * 3 + 2]!,
		radiusPixels: 28,
		intensity: 1,
		threshold: 0.04,
		aggregation: 'SUM',
		updateTriggers: { getPosition: [bins], getWeight: [bins] }
	}) as unknown as Layer;
}

/** Incidents changed since the tiles were fetched (the live overlay). */
export function liveIncidentLayer(
	d: DeckModules,
	o: {
		data: LiveIncident[];
		colourBy: ColourBy;
		visible: boolean;
		onHover: Handler;
		onClick: Handler;
	}
): Layer {
	return new d.ScatterplotLayer<LiveIncident>({
		id: 'ops-live',
		data: o.data,
		visible: o.visible,
		getPosition: (i) => [i.lon, i.lat],
		getRadius: (i) => priorityRadius(i.priority) + 1,
		radiusUnits: 'pixels',
		getFillColor: (i) => incidentColour(i, o.colourBy, 255),
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineColor: (i) => (i.urgency === 'overdue' ? OVERDUE_RING : [255, 255, 255, 255]),
		getLineWidth: (i) => (i.urgency === 'overdue' ? 2.5 : 1.5),
		pickable: true,
		updateTriggers: { getFillColor: [o.colourBy] },
		onHover: o.onHover,
		onClick: o.onClick
	}) as unknown as Layer;
}

type ServiceFeature = Feature<Point, ServicePointProps>;

/** Service points: a white disc ringed in the type's colour with its glyph, optional rings. */
export function serviceLayers(
	d: DeckModules,
	o: {
		data: ServiceFeature[];
		coverage: number;
		visible: boolean;
		onHover: Handler;
		onClick: Handler;
	}
): { rings: Layer; discs: Layer; glyphs: Layer } {
	const colour = (f: ServiceFeature, alpha: number) =>
		hexToRgba(serviceSymbol(f.properties.type).color, alpha);
	const pos = (f: ServiceFeature) => f.geometry.coordinates as [number, number];
	const rings = new d.ScatterplotLayer<ServiceFeature>({
		id: 'ops-service-coverage',
		data: o.data,
		visible: o.visible && o.coverage > 0,
		getPosition: pos,
		getRadius: o.coverage,
		radiusUnits: 'meters',
		getFillColor: (f) => colour(f, 28),
		stroked: true,
		getLineColor: (f) => colour(f, 150),
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		updateTriggers: { getRadius: [o.coverage] }
	}) as unknown as Layer;
	const discs = new d.ScatterplotLayer<ServiceFeature>({
		id: 'ops-service',
		data: o.data,
		visible: o.visible,
		getPosition: pos,
		getRadius: 9,
		radiusUnits: 'pixels',
		getFillColor: (f) =>
			f.properties.status === 'active' ? [255, 255, 255, 240] : [235, 238, 242, 200],
		stroked: true,
		getLineColor: (f) => colour(f, f.properties.status === 'active' ? 255 : 140),
		lineWidthUnits: 'pixels',
		getLineWidth: 2,
		pickable: true,
		autoHighlight: true,
		highlightColor: [28, 111, 209, 90],
		onHover: o.onHover,
		onClick: o.onClick
	}) as unknown as Layer;
	const glyphs = new d.TextLayer<ServiceFeature>({
		id: 'ops-service-glyph',
		data: o.data,
		visible: o.visible,
		getPosition: pos,
		getText: (f) => serviceSymbol(f.properties.type).glyph,
		getColor: (f) => colour(f, 255),
		getSize: 11,
		sizeUnits: 'pixels',
		fontWeight: 700,
		characterSet: [...Object.values(SERVICE_SYMBOLS).map((s) => s.glyph), '·'],
		getTextAnchor: 'middle',
		getAlignmentBaseline: 'center',
		pickable: false
	}) as unknown as Layer;
	return { rings, discs, glyphs };
}

export type SensorFeature = Feature<Point, SensorProps>;

/** Sensors coloured by their worst open alert, and a pulsing halo around red ones. */
export function sensorLayers(
	d: DeckModules,
	o: {
		data: SensorFeature[];
		alerts: ReadonlyMap<number, SensorAlert | null>;
		alertsVersion: number;
		/** performance.now() of the frame; null: no animation (reduced motion). */
		time: number | null;
		visible: boolean;
		onHover: Handler;
		onClick: Handler;
	}
): { dots: Layer; halo: Layer } {
	const alertOf = (f: SensorFeature) =>
		o.alerts.has(f.properties.id) ? (o.alerts.get(f.properties.id) ?? null) : f.properties.alert;
	const red = o.data.filter((f) => alertOf(f)?.severity === 'red');
	const p = o.time === null ? { scale: 1.8, alpha: 90 } : pulse(o.time);
	const dots = new d.ScatterplotLayer<SensorFeature>({
		id: 'ops-sensors',
		data: o.data,
		visible: o.visible,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: (f) => (alertOf(f) ? 6.5 : 4.5),
		radiusUnits: 'pixels',
		getFillColor: (f) => sensorColour({ status: f.properties.status, alert: alertOf(f) }),
		stroked: true,
		getLineColor: [255, 255, 255, 230],
		lineWidthUnits: 'pixels',
		getLineWidth: 1.2,
		pickable: true,
		autoHighlight: true,
		updateTriggers: { getFillColor: [o.alertsVersion], getRadius: [o.alertsVersion] },
		onHover: o.onHover,
		onClick: o.onClick
	}) as unknown as Layer;
	const halo = new d.ScatterplotLayer<SensorFeature>({
		id: 'ops-sensor-pulse',
		data: red,
		visible: o.visible && red.length > 0,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: 6.5 * p.scale,
		radiusUnits: 'pixels',
		getFillColor: [224, 49, 49, p.alpha],
		stroked: false,
		updateTriggers: { getRadius: [p.scale], getFillColor: [p.alpha] }
	}) as unknown as Layer;
	return { dots, halo };
}

/** Whether any red alert is drawn (the pulse animates only then). */
export function hasRedAlert(
	data: readonly SensorFeature[],
	alerts: ReadonlyMap<number, SensorAlert | null>
): boolean {
	return data.some((f) => {
		const a = alerts.has(f.properties.id) ? alerts.get(f.properties.id) : f.properties.alert;
		return a?.severity === 'red';
	});
}
