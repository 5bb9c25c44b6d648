/**
 * deck.gl's layer classes, loaded once in the browser (they need WebGL and are large, so they stay
 * out of the server build and the first script). The MVT decoder runs in loaders.gl's worker,
 * served from our own origin (no CDN: the app works offline and its CSP allows only 'self').
 */
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';

export type DeckModules = typeof import('./deck-layers');

let loading: Promise<DeckModules> | null = null;

/** The layer classes (one import however many callers). */
export function loadDeck(): Promise<DeckModules> {
	loading ??= import('./deck-layers');
	return loading;
}

/** loadOptions for an MVTLayer: decode in the worker bundled with the app. */
export const MVT_LOAD_OPTIONS = {
	mvt: { workerUrl: mvtWorkerUrl }
} as const;
