/**
 * Runs HiGHS in a worker thread, so a long exact solve does not block the server's event loop
 * (other requests, the live stream). The thread is plain CommonJS evaluated from a string, so it
 * needs no bundling: it loads the `highs` package by its resolved path and runs one MIP the way
 * src/lib/analysis/optimize/highs.ts does in-process (persistent model, greedy start, incumbent
 * callbacks). Aborting the signal terminates the thread at once.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { MipOptions, MipOutcome } from './engine';

const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.highsPath)();
parentPort.once('message', async (msg) => {
	try {
		const highs = await ready;
		parentPort.postMessage({ type: 'done', outcome: run(highs, msg) });
	} catch (e) {
		parentPort.postMessage({ type: 'error', message: String((e && e.message) || e) });
	}
});
function run(highs, msg) {
	const constants = highs.constants;
	const model = highs.createModel({ format: 'lp', data: msg.lp });
	try {
		model.options.set({ output_flag: false, time_limit: msg.timeLimitSeconds, mip_rel_gap: msg.mipRelGap });
		const cols = msg.names.map((name) => model.getColByName(name));
		if (msg.start && cols.length > 0) {
			try {
				model.setSolution({ indices: Int32Array.from(cols), values: Float64Array.from(msg.start) });
			} catch (e) {
				/* The greedy start is only a hint: HiGHS may refuse it, and then solves without one. */
			}
		}
		const cb = constants.callbackType;
		const callbacks = {};
		callbacks[cb.mipImprovingSolution] = (event) =>
			parentPort.postMessage({
				type: 'update',
				objective: event.data.objective_function_value ?? null,
				bound: event.data.mip_dual_bound ?? null
			});
		const result = model.run(callbacks);
		const ms = constants.modelStatus;
		const status =
			result.modelStatus === ms.optimal ? 'optimal'
			: result.modelStatus === ms.timeLimit ? 'time_limit'
			: result.modelStatus === ms.interrupted ? 'interrupted'
			: result.modelStatus === ms.infeasible ? 'infeasible'
			: 'other';
		const feasible = Number(model.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
		let values = null;
		let objective = null;
		if (feasible) {
			const all = model.getSolution().colValue;
			values = Float64Array.from(cols, (c) => all[c] ?? 0);
			objective = model.getObjectiveValue();
		}
		let bound = null;
		try {
			const b = Number(model.info.get('mip_dual_bound'));
			bound = Number.isFinite(b) ? b : null;
		} catch (e) {
			/* No MIP bound is reported for some statuses: the gap is then unknown (null). */
		}
		return {
			status,
			detail: 'model status ' + result.modelStatus,
			values,
			objective,
			bound: status === 'optimal' ? objective : bound
		};
	} finally {
		model.dispose();
	}
}
`;

let highsPath: string | null = null;

/** Seconds a thread may run past its HiGHS time limit before it is killed. */
const GRACE_S = 15;

/**
 * Solves one MIP (LP text) in a fresh worker thread.
 *
 * @param lp - CPLEX LP text
 * @param options - time limit, gap, variables to read, start, progress, cancellation
 * @returns the outcome, as `runMip` returns it
 * @throws when the thread fails, is cancelled or overruns its time limit
 * @example
 * await solveLocation(problem, { mipRunner: runMipInThread });
 */
export function runMipInThread(lp: string, options: MipOptions): Promise<MipOutcome> {
	highsPath ??= createRequire(import.meta.url).resolve('highs');
	const { signal, onUpdate } = options;
	signal?.throwIfAborted();
	return new Promise<MipOutcome>((resolve, reject) => {
		const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { highsPath } });
		let settled = false;
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', abort);
			void worker.terminate();
			fn();
		};
		const abort = () => finish(() => reject(signal?.reason ?? new Error('cancelled')));
		const timer = setTimeout(
			() => finish(() => reject(new Error('the solver thread overran its time limit'))),
			(options.timeLimitSeconds + GRACE_S) * 1000
		);
		signal?.addEventListener('abort', abort, { once: true });
		worker.on(
			'message',
			(
				msg:
					| { type: 'update'; objective: number | null; bound: number | null }
					| { type: 'done'; outcome: MipOutcome }
					| { type: 'error'; message: string }
			) => {
				if (msg.type === 'update') onUpdate?.(msg.objective, msg.bound);
				else if (msg.type === 'done') finish(() => resolve(msg.outcome));
				else finish(() => reject(new Error(msg.message)));
			}
		);
		worker.on('error', (e) => finish(() => reject(e)));
		worker.on('exit', (code) =>
			finish(() => reject(new Error(`the solver thread exited with code ${code}`)))
		);
		worker.postMessage({
			lp,
			timeLimitSeconds: options.timeLimitSeconds,
			mipRelGap: options.mipRelGap,
			names: options.names,
			start: options.start ?? null
		});
	});
}
