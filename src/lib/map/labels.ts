/**
 * Area names for deck.gl's TextLayer. MapLibre cannot draw text without glyph PBFs, which we do
 * not ship (no external fonts); deck.gl rasterises the characters it needs with the browser's
 * own fonts, so Chinese renders from the system's CJK fonts.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { bboxOf } from './bbox';

/** Local CJK fonts first, then the platform defaults (Linux, Windows, macOS). */
export const LABEL_FONT_FAMILY =
	"'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export interface LabelDatum {
	code: string;
	text: string;
	position: [number, number];
	/** Placement priority, larger first: the area's size (its bounding box in square degrees). */
	rank: number;
	/** A shorter form tried when the full name does not fit (解放路街道 → 解放路). */
	short?: string;
}

interface LabelProps {
	code: string;
	name: string;
	nameEn?: string | null;
	labelLon: number;
	labelLat: number;
}

/**
 * One label per area at its server-computed point inside the area, in the UI language (the
 * English name when there is one and the UI is English, else the Chinese name).
 * @param fc areas from /api/layers/boundaries
 * @param locale the UI locale
 * @returns the label data, in the collection's order; areas without a label point are skipped
 * @example labelData(fc, 'zh-CN')[0] // { code: '370102001000', text: '解放路街道', position: [117.04, 36.66] }
 */
export function labelData(
	fc: FeatureCollection<Geometry | null, LabelProps> | null,
	locale: string
): LabelDatum[] {
	if (!fc) return [];
	const english = locale.startsWith('en');
	const out: LabelDatum[] = [];
	for (const { properties: p, geometry } of fc.features) {
		if (!Number.isFinite(p.labelLon) || !Number.isFinite(p.labelLat)) continue;
		const b = bboxOf(geometry);
		const text = (english && p.nameEn && shortEnglish(p.nameEn)) || p.name;
		const short = shortChinese(text);
		out.push({
			code: p.code,
			text,
			position: [p.labelLon, p.labelLat],
			rank: b ? (b[2] - b[0]) * (b[3] - b[1]) : 0,
			...(short !== text ? { short } : {})
		});
	}
	return out;
}

/** "Jiefanglu Subdistrict" → "Jiefanglu": the map already shows what kind of area it is. */
export function shortEnglish(name: string): string {
	return name.replace(/\s+(Subdistrict|Community)$/u, '');
}

/** "解放路街道" → "解放路": the kind of area, dropped when space is short. */
export function shortChinese(name: string): string {
	const short = name.replace(/(街道|社区)$/u, '');
	return short.length >= 2 ? short : name;
}

/**
 * The position of a point in MapLibre's world pixels at a zoom (Web Mercator, 512 px tiles).
 * Distances between labels on screen depend only on the zoom, not on where the map is panned.
 */
export function worldPixels([lon, lat]: [number, number], zoom: number): [number, number] {
	const size = 512 * 2 ** zoom;
	const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
	const x = ((lon + 180) / 360) * size;
	const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
	return [x, y];
}

/**
 * The box a label needs in CSS pixels: CJK characters are about one em wide, Latin letters about
 * 0.6 em; plus the halo.
 * @param text the label
 * @param size the font size in pixels
 */
export function labelBox(text: string, size: number): { w: number; h: number } {
	let em = 0;
	for (const ch of text) em += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u.test(ch) ? 1 : 0.6;
	return { w: em * size + 8, h: size * 1.25 + 4 };
}

/**
 * Drops labels that would overlap a more important one at this zoom (greedy, by rank, then by
 * input order); a label that does not fit is tried once more in its short form. Small areas in
 * the dense old town thus get a short name, or their name only when zoomed in.
 * @param data the candidate labels
 * @param zoom the map zoom
 * @param size the font size in pixels
 * @param gap extra pixels kept clear around each label
 * @returns the labels to draw (some with their short text), in their input order
 * @example declutter(labels, 11, 15).length // fewer than labels.length when they crowd
 */
export function declutter(
	data: readonly LabelDatum[],
	zoom: number,
	size: number,
	gap = 4
): LabelDatum[] {
	const order = data
		.map((_, i) => i)
		.sort((a, b) => (data[b]?.rank ?? 0) - (data[a]?.rank ?? 0) || a - b);
	const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
	const kept = new Map<number, LabelDatum>();
	const fits = (x: number, y: number, text: string) => {
		const { w, h } = labelBox(text, size);
		const box = {
			x0: x - w / 2 - gap,
			y0: y - h / 2 - gap,
			x1: x + w / 2 + gap,
			y1: y + h / 2 + gap
		};
		if (placed.some((p) => box.x0 < p.x1 && p.x0 < box.x1 && box.y0 < p.y1 && p.y0 < box.y1)) {
			return false;
		}
		placed.push(box);
		return true;
	};
	for (const i of order) {
		const d = data[i];
		if (!d) continue;
		const [x, y] = worldPixels(d.position, zoom);
		if (fits(x, y, d.text)) kept.set(i, d);
		else if (d.short && fits(x, y, d.short)) kept.set(i, { ...d, text: d.short });
	}
	return data.flatMap((_, i) => kept.get(i) ?? []);
}
