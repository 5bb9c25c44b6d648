/**
 * The one map context (set by MapView.svelte) and the deck.gl layer registry (set by
 * DeckOverlay.svelte). Layer components read them; MapLibre and deck.gl stay client-only.
 */
import { createContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';

export class MapContext {
	/** The map, once its style has loaded; null before that and after it is removed. */
	map = $state.raw<MapLibreMap | null>(null);
	/** The current zoom, updated as the camera moves (for zoom-dependent layers). */
	zoom = $state(0);
}

const [getMap, setMap] = createContext<MapContext>();

/** Sets the map context; called once by MapView. */
export const setMapContext = setMap;

/** The map context of the enclosing MapView. */
export function getMapContext(): MapContext {
	return getMap();
}

/**
 * deck.gl layers by id, drawn by one MapLibreOverlay. A SvelteMap, so an effect reading it re-runs
 * on every change. Drawing order: by `z` (lower first), then insertion order; a replaced layer
 * keeps its place.
 */
export class DeckLayers {
	readonly layers = new SvelteMap<string, Layer>();
	/** Drawing ranks by layer id (plain: a rank changes only with its layer, which is reactive). */
	readonly #z: Record<string, number> = {};

	/** @param z drawing rank: higher is drawn above (default 0) */
	set(layer: Layer, z = 0): void {
		this.#z[layer.id] = z;
		this.layers.set(layer.id, layer);
	}

	delete(id: string): void {
		delete this.#z[id];
		this.layers.delete(id);
	}

	/** The layers in drawing order. */
	ordered(): Layer[] {
		return [...this.layers.values()]
			.map((l, i) => ({ l, i, z: this.#z[l.id] ?? 0 }))
			.sort((a, b) => a.z - b.z || a.i - b.i)
			.map((e) => e.l);
	}
}

const [getDeck, setDeck] = createContext<DeckLayers>();

/** Sets the deck.gl layer registry; called once by DeckOverlay. */
export const setDeckContext = setDeck;

/** The deck.gl layer registry of the enclosing DeckOverlay. */
export function getDeckContext(): DeckLayers {
	return getDeck();
}
