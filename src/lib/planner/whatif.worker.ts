/**
 * The what-if Web Worker: holds a {@link CoverageWhatIf} for the planner's service type, radius
 * and demand, applies each edit incrementally (only the cells within reach of the changed point
 * are touched) and answers with the flipped cells and new totals. Desert polygons are merged in a
 * second Worker (deserts.worker.ts) so that a slow merge never delays a delta.
 */
import { CoverageWhatIf } from '$lib/analysis/whatif';
import type { WhatIfReply, WhatIfRequest } from './protocol';

let state: CoverageWhatIf | null = null;
let covered = new Uint8Array(0);
let baselineCovered = 0;

const post = (reply: WhatIfReply, transfer: Transferable[] = []): void =>
	(self as unknown as Worker).postMessage(reply, transfer);

self.onmessage = (event: MessageEvent<WhatIfRequest>) => {
	const msg = event.data;
	const t0 = performance.now();
	try {
		if (msg.type === 'init') {
			state = new CoverageWhatIf(
				msg.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c.weight })),
				msg.points,
				{ radius: msg.radius, model: { unit: 'm', detour: msg.detour } }
			);
			const count = state.state().coverCount;
			covered = Uint8Array.from(count, (n) => (n > 0 ? 1 : 0));
			const totals = state.totals();
			baselineCovered = totals.covered;
			post({
				type: 'ready',
				seq: msg.seq,
				covered: covered.slice(),
				totals,
				baseline: totals,
				ms: performance.now() - t0
			});
			return;
		}
		if (!state) throw new Error('the what-if state is not initialised');
		const delta =
			msg.type === 'add'
				? state.add(msg.point)
				: msg.type === 'move'
					? state.move(msg.id, msg.lon, msg.lat)
					: msg.type === 'remove'
						? state.remove(msg.id)
						: state.setActive(msg.id, msg.active);
		for (const i of delta.changed) covered[i] = covered[i] ? 0 : 1;
		post({
			type: 'delta',
			seq: msg.seq,
			changed: delta.changed,
			newlyCovered: delta.newlyCovered,
			newlyUncovered: delta.newlyUncovered,
			totals: delta.totals,
			net: delta.totals.covered - baselineCovered,
			ms: performance.now() - t0
		});
	} catch (e) {
		post({ type: 'error', seq: msg.seq, message: e instanceof Error ? e.message : String(e) });
	}
};
