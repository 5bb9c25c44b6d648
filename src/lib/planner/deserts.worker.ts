/**
 * The desert Web Worker: merges the uncovered grid cells into ranked desert polygons (Turf) from
 * the covered flags the what-if Worker produced. A separate Worker, because merging thousands of
 * cells takes far longer than a what-if delta and must never hold one up.
 */
import { findDeserts } from '$lib/analysis/deserts';
import type { DesertReply, DesertRequest, WorkerCell } from './protocol';

let cells: WorkerCell[] = [];

self.onmessage = (event: MessageEvent<DesertRequest>) => {
	const msg = event.data;
	const t0 = performance.now();
	try {
		if (msg.type === 'init') {
			cells = msg.cells;
			return;
		}
		const features = [];
		for (let k = 0; k < cells.length; k++) {
			if (msg.covered[k] || !(cells[k]!.weight > 0)) continue;
			features.push({
				type: 'Feature' as const,
				id: cells[k]!.id,
				properties: { demand: cells[k]!.weight },
				geometry: cells[k]!.geometry
			});
		}
		const deserts = findDeserts(features, { uncovered: () => true, minDemand: 1 });
		const reply: DesertReply = {
			type: 'deserts',
			seq: msg.seq,
			deserts,
			ms: performance.now() - t0
		};
		(self as unknown as Worker).postMessage(reply);
	} catch (e) {
		const reply: DesertReply = {
			type: 'error',
			seq: msg.seq,
			message: e instanceof Error ? e.message : String(e)
		};
		(self as unknown as Worker).postMessage(reply);
	}
};
