import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import {
	declutter,
	LABEL_FONT_FAMILY,
	labelBox,
	labelData,
	shortChinese,
	shortEnglish,
	worldPixels,
	type LabelDatum
} from '../../../src/lib/map/labels';
import { baseStyle, LAYERS, SOURCES } from '../../../src/lib/map/style';

const fc: FeatureCollection<
	Geometry | null,
	{
		code: string;
		name: string;
		nameEn: string | null;
		labelLon: number;
		labelLat: number;
	}
> = {
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			properties: {
				code: '370102001000',
				name: '解放路街道',
				nameEn: 'Jiefanglu Subdistrict',
				labelLon: 117.047,
				labelLat: 36.666
			},
			geometry: null
		},
		{
			type: 'Feature',
			properties: {
				code: '370102002000',
				name: '千佛山街道',
				nameEn: null,
				labelLon: 117.035,
				labelLat: 36.645
			},
			geometry: null
		},
		{
			type: 'Feature',
			properties: {
				code: '370102003000',
				name: '无点',
				nameEn: null,
				labelLon: NaN,
				labelLat: 36.6
			},
			geometry: null
		}
	]
};

describe('labelData', () => {
	it('labels each area at its server label point, in Chinese by default', () => {
		expect(labelData(fc, 'zh-CN')).toEqual([
			{
				code: '370102001000',
				text: '解放路街道',
				short: '解放路',
				position: [117.047, 36.666],
				rank: 0
			},
			{
				code: '370102002000',
				text: '千佛山街道',
				short: '千佛山',
				position: [117.035, 36.645],
				rank: 0
			}
		]);
	});

	it('uses the short English name in English, falling back to Chinese', () => {
		expect(labelData(fc, 'en').map((d) => d.text)).toEqual(['Jiefanglu', '千佛山街道']);
	});

	it('is empty before the data arrives', () => {
		expect(labelData(null, 'zh-CN')).toEqual([]);
	});

	it('shortens only the trailing kind', () => {
		expect(shortEnglish('Qilu Software Park Community')).toBe('Qilu Software Park');
		expect(shortEnglish('Community Garden Road')).toBe('Community Garden Road');
		expect(shortChinese('解放路街道')).toBe('解放路');
		expect(shortChinese('窑头路社区')).toBe('窑头路');
		expect(shortChinese('社区街')).toBe('社区街');
		expect(shortChinese('东社区')).toBe('东社区');
	});

	it('asks for local CJK fonts before the generic family', () => {
		expect(LABEL_FONT_FAMILY.indexOf('Noto Sans CJK SC')).toBe(1);
		expect(LABEL_FONT_FAMILY.endsWith('sans-serif')).toBe(true);
	});
});

describe('label placement', () => {
	it('ranks areas by their size', () => {
		const big: Geometry = {
			type: 'Polygon',
			coordinates: [
				[
					[117, 36.6],
					[117.1, 36.6],
					[117.1, 36.7],
					[117, 36.6]
				]
			]
		};
		const withGeometry = {
			...fc,
			features: fc.features.map((f, i) => ({ ...f, geometry: i === 0 ? big : null }))
		};
		const [a, b] = labelData(withGeometry, 'zh-CN');
		expect(a?.rank).toBeCloseTo(0.01, 10);
		expect(b?.rank).toBe(0);
	});

	it('projects like MapLibre: 512 px world at zoom 0, Web Mercator', () => {
		expect(worldPixels([0, 0], 0)).toEqual([256, 256]);
		expect(worldPixels([180, 0], 1)).toEqual([1024, 512]);
		const [, north] = worldPixels([0, 85.05], 0);
		expect(north).toBeCloseTo(0, 0);
	});

	it('sizes CJK characters wider than Latin letters', () => {
		expect(labelBox('解放路', 10).w).toBeCloseTo(30 + 8);
		expect(labelBox('abc', 10).w).toBeCloseTo(18 + 8);
		expect(labelBox('x', 20).h).toBeCloseTo(29);
	});

	const at = (code: string, lon: number, rank: number, text = '街道街道'): LabelDatum => ({
		code,
		text,
		position: [lon, 36.66],
		rank
	});

	it('keeps the larger area’s label where two would overlap, and both when zoomed in', () => {
		// 0.001° of longitude is about 3 px at zoom 11 and 93 px at zoom 16.
		const labels = [at('small', 117.0, 1), at('large', 117.001, 5), at('far', 117.1, 1)];
		expect(declutter(labels, 11, 14).map((d) => d.code)).toEqual(['large', 'far']);
		expect(declutter(labels, 16, 14).map((d) => d.code)).toEqual(['small', 'large', 'far']);
	});

	it('falls back to the short name where the full one does not fit', () => {
		const labels = [
			{ ...at('big', 117.0, 5), text: '姚家街道' },
			{ ...at('small', 117.003, 1), text: '解放路街道', short: '解放路' }
		];
		// At zoom 14 the points are 70 px apart: the full names need 79 px, the short one 65 px.
		expect(declutter(labels, 14, 14).map((d) => d.text)).toEqual(['姚家街道', '解放路']);
		expect(declutter(labels, 15, 14).map((d) => d.text)).toEqual(['姚家街道', '解放路街道']);
	});

	it('breaks ties by input order and keeps the input order in its output', () => {
		const labels = [at('b', 117.0, 1), at('a', 117.0001, 1)];
		expect(declutter(labels, 12, 14).map((d) => d.code)).toEqual(['b']);
		expect(declutter([], 12, 14)).toEqual([]);
	});
});

describe('the offline style', () => {
	it('loads nothing from elsewhere: no glyphs, sprite or URL sources', () => {
		const style = baseStyle();
		expect(style.glyphs).toBeUndefined();
		expect(style.sprite).toBeUndefined();
		expect(JSON.stringify(style)).not.toMatch(/https?:|mapbox:|pmtiles:/);
		expect(JSON.stringify(LAYERS)).not.toMatch(/https?:/);
	});

	it('draws only geometry (text is deck.gl’s job) from our own sources, with unique ids', () => {
		const layers = Object.values(LAYERS);
		const sources = new Set<string>(Object.values(SOURCES));
		for (const l of layers) {
			expect(['fill', 'line']).toContain(l.type);
			expect(sources.has(l.source)).toBe(true);
		}
		expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
	});

	it('dashes community lines and draws subdistrict lines thicker', () => {
		expect(LAYERS.communityLine.paint['line-dasharray']).toBeDefined();
		const widthAt16 = (w: unknown) => (w as unknown[])[6] as number;
		expect(widthAt16(LAYERS.subdistrictLine.paint['line-width'])).toBeGreaterThan(
			widthAt16(LAYERS.communityLine.paint['line-width'])
		);
	});
});
