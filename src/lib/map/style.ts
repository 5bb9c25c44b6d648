/**
 * The map's look, drawn from our own data only: no external tiles, fonts, sprites or glyphs, so
 * the map works offline and under a strict CSP. MapLibre draws geometry; names are drawn by
 * deck.gl's TextLayer with the browser's local CJK fonts (see labels.ts), because MapLibre text
 * needs glyph PBFs we do not ship.
 */
import type {
	CircleLayerSpecification,
	FillLayerSpecification,
	LineLayerSpecification,
	StyleSpecification
} from 'maplibre-gl';

/** Source ids, one per server layer. */
export const SOURCES = {
	basemap: 'basemap',
	district: 'district',
	subdistricts: 'subdistricts',
	communities: 'communities'
} as const;

export const COLOURS = {
	background: '#e4e8ee',
	land: '#f7f8fa',
	water: '#a8cbe8',
	waterLine: '#86b4dd',
	park: '#cfe6c4',
	road: '#cbd1d9',
	community: '#6b7785',
	subdistrict: '#3f4b5b',
	district: '#16202c',
	hover: '#1c6fd1',
	label: '#1d2733',
	halo: '#ffffff'
} as const;

/** A style with nothing but a background: every layer is added by a layer component. */
export function baseStyle(): StyleSpecification {
	return {
		version: 8,
		name: 'jiedao-offline',
		sources: {},
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': COLOURS.background } }
		]
	};
}

const zoomWidth = (z10: number, z16: number) =>
	['interpolate', ['exponential', 1.5], ['zoom'], 10, z10, 16, z16] as unknown as number;

/** The layers of the map, bottom to top, as MapLibre specifications. */
export const LAYERS = {
	/** The district's land, lighter than the world outside it. */
	districtLand: {
		id: 'district-land',
		type: 'fill',
		source: SOURCES.district,
		paint: { 'fill-color': COLOURS.land }
	},
	/** Subdistricts in a categorical palette; fill-color is set from the data (palette.ts). */
	subdistrictFill: {
		id: 'subdistrict-fill',
		type: 'fill',
		source: SOURCES.subdistricts,
		paint: {
			'fill-color': '#d9dbe9',
			'fill-opacity': [
				'case',
				['boolean', ['feature-state', 'hover'], false],
				0.95,
				0.6
			] as unknown as number
		}
	},
	park: {
		id: 'basemap-park',
		type: 'fill',
		source: SOURCES.basemap,
		filter: ['==', ['get', 'kind'], 'park'],
		paint: { 'fill-color': COLOURS.park, 'fill-opacity': 0.85 }
	},
	lake: {
		id: 'basemap-lake',
		type: 'fill',
		source: SOURCES.basemap,
		filter: ['==', ['get', 'kind'], 'lake'],
		paint: { 'fill-color': COLOURS.water, 'fill-outline-color': COLOURS.waterLine }
	},
	river: {
		id: 'basemap-river',
		type: 'line',
		source: SOURCES.basemap,
		filter: ['==', ['get', 'kind'], 'river'],
		layout: { 'line-cap': 'round', 'line-join': 'round' },
		paint: { 'line-color': COLOURS.water, 'line-width': zoomWidth(1.5, 9) }
	},
	road: {
		id: 'basemap-road',
		type: 'line',
		source: SOURCES.basemap,
		filter: ['==', ['get', 'kind'], 'road'],
		layout: { 'line-cap': 'round', 'line-join': 'round' },
		paint: { 'line-color': COLOURS.road, 'line-width': zoomWidth(2, 12) }
	},
	communityLine: {
		id: 'community-line',
		type: 'line',
		source: SOURCES.communities,
		layout: { 'line-join': 'round' },
		paint: {
			'line-color': COLOURS.community,
			'line-width': zoomWidth(0.6, 1.6),
			'line-opacity': 0.75,
			'line-dasharray': [3, 2]
		}
	},
	subdistrictLine: {
		id: 'subdistrict-line',
		type: 'line',
		source: SOURCES.subdistricts,
		layout: { 'line-join': 'round' },
		paint: { 'line-color': COLOURS.subdistrict, 'line-width': zoomWidth(1.4, 3) }
	},
	subdistrictHover: {
		id: 'subdistrict-hover',
		type: 'line',
		source: SOURCES.subdistricts,
		layout: { 'line-join': 'round' },
		paint: {
			'line-color': COLOURS.hover,
			'line-width': zoomWidth(2.5, 4.5),
			'line-opacity': [
				'case',
				['boolean', ['feature-state', 'hover'], false],
				1,
				0
			] as unknown as number
		}
	},
	/** A soft band outside the district outline, so the edge reads at a glance. */
	districtCasing: {
		id: 'district-casing',
		type: 'line',
		source: SOURCES.district,
		layout: { 'line-join': 'round' },
		paint: { 'line-color': COLOURS.district, 'line-width': zoomWidth(7, 14), 'line-opacity': 0.12 }
	},
	districtLine: {
		id: 'district-line',
		type: 'line',
		source: SOURCES.district,
		layout: { 'line-join': 'round' },
		paint: { 'line-color': COLOURS.district, 'line-width': zoomWidth(2.4, 4) }
	}
} satisfies Record<string, FillLayerSpecification | LineLayerSpecification>;

export type MapLayerSpec =
	FillLayerSpecification | LineLayerSpecification | CircleLayerSpecification;
