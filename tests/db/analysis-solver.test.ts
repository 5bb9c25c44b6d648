/**
 * HiGHS in a worker thread (src/lib/server/analysis/solver-thread.ts): the same answers as
 * in-process, progress from the thread, and cancellation that stops the thread at once.
 */
import { describe, expect, it } from 'vitest';
import { costMatrix, solveLocation } from '../../src/lib/analysis';
import { runMipInThread } from '../../src/lib/server/analysis/solver-thread';

function instance(seed: number, rows: number, cols: number) {
	let a = seed >>> 0;
	const r = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pt = () => ({ lon: 116.95 + r() * 0.28, lat: 36.55 + r() * 0.2 });
	const demand = Array.from({ length: rows }, pt);
	const sites = Array.from({ length: cols }, pt);
	return {
		costs: costMatrix(demand, sites, 1.3),
		demand: demand.map(() => 1 + Math.floor(r() * 100))
	};
}

describe('HiGHS in a worker thread', () => {
	it('gives the in-process answer and reports progress', async () => {
		const { costs, demand } = instance(5, 300, 60);
		const problem = { model: 'mclp' as const, costs, demand, radius: 2000, p: 5 };
		const inProcess = await solveLocation(problem);
		const phases: string[] = [];
		const threaded = await solveLocation(problem, {
			mipRunner: runMipInThread,
			onProgress: (p) => phases.push(p.phase)
		});
		expect(threaded.status).toBe('optimal');
		expect(threaded.objective).toBe(inProcess.objective);
		expect(phases).toContain('exact');
		expect(phases.at(-1)).toBe('done');
	});

	it('an abort terminates the thread at once', async () => {
		const { costs, demand } = instance(9, 1000, 200);
		const ac = new AbortController();
		const t0 = performance.now();
		setTimeout(() => ac.abort(new Error('stop')), 30);
		const lp = await import('../../src/lib/analysis/optimize/lp');
		const prep = await import('../../src/lib/analysis/optimize/prepare');
		const text = lp.lpString(
			lp.buildLp(prep.prepare({ model: 'mclp', costs, demand, radius: 2500, p: 12 }))
		);
		await expect(
			runMipInThread(text, {
				timeLimitSeconds: 60,
				mipRelGap: 0,
				names: ['y0'],
				signal: ac.signal
			})
		).rejects.toThrow('stop');
		expect(performance.now() - t0).toBeLessThan(2000);
	});
});
