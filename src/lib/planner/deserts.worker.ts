/**
 * The desert Web Worker: merges the uncovered grid cells into ranked desert polygons from the
 * covered flags the what-if Worker produced. The cells' outlines are prepared once per data
 * version ({@link DesertIndex}: contacts and T-junctions), so each request only joins and merges
 * the uncovered cells — a few milliseconds on the demo, fast enough to follow a drag.
 */
import { DesertIndex } from '$lib/analysis/deserts';
import type { DesertReply, DesertRequest } from './protocol';

let index: DesertIndex | null = null;
let version = '';
let weights = new Float64Array(0);

const post = (reply: DesertReply): void => (self as unknown as Worker).postMessage(reply);

self.onmessage = (event: MessageEvent<DesertRequest>) => {
	const msg = event.data;
	const t0 = performance.now();
	try {
		if (msg.type === 'init') {
			if (!index || version !== msg.version || index.size !== msg.cells.length) {
				index = new DesertIndex(msg.cells.map((c) => c.geometry));
				version = msg.version;
			}
			weights = Float64Array.from(msg.cells, (c) => c.weight);
			return;
		}
		if (!index) throw new Error('the desert Worker has no cells');
		const covered = msg.covered;
		const { deserts, stats } = index.find((k) => !covered[k] && weights[k]! > 0, weights, {
			minDemand: 1
		});
		post({
			type: 'deserts',
			seq: msg.seq,
			deserts,
			ms: performance.now() - t0,
			fallbacks: stats.fallbacks
		});
	} catch (e) {
		post({ type: 'error', seq: msg.seq, message: e instanceof Error ? e.message : String(e) });
	}
};
