/** What the legend shows for one map layer. */
export type Swatch =
	| { kind: 'fill'; color: string; stroke?: string }
	| { kind: 'line'; color: string; width?: number; dashed?: boolean }
	| { kind: 'text'; color: string };

export interface LegendItem {
	/** Also the toggle's test id: `toggle-<id>`. */
	id: string;
	label: string;
	swatches: Swatch[];
	/** What the swatches stand for (e.g. water · parks · roads), shown under the label. */
	parts?: string[];
}
