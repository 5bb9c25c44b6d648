/** One HiGHS WebAssembly instance per test file, loaded the way the brief documents for Node. */
import type { Highs } from 'highs';

let instance: Promise<Highs> | null = null;

/**
 * Loads HiGHS once.
 *
 * @returns the loaded HiGHS
 * @example
 * const highs = await loadHighsInstance();
 */
export function loadHighsInstance(): Promise<Highs> {
	instance ??= import('highs').then((mod) => mod.default());
	return instance;
}
