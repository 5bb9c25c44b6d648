/** What the legend shows for one map layer. */
export type Swatch =
	| { kind: 'fill'; color: string; stroke?: string }
	| { kind: 'line'; color: string; width?: number; dashed?: boolean }
	| { kind: 'text'; color: string }
	| { kind: 'circle'; color: string; ring?: string }
	| { kind: 'glyph'; color: string; text: string };

/** One row of a layer's key under its label: a class of a choropleth, a status, a type. */
export interface LegendEntry {
	swatch: Swatch;
	label: string;
}

export interface LegendItem {
	/** Also the toggle's test id: `toggle-<id>`. */
	id: string;
	label: string;
	swatches: Swatch[];
	/** What the swatches stand for (e.g. water · parks · roads), shown under the label. */
	parts?: string[];
	/** A key shown under the row while the layer is on (choropleth classes, statuses, types). */
	entries?: LegendEntry[];
}
