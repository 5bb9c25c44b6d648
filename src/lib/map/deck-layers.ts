/**
 * The deck.gl layer classes the maps use, imported by name so the bundler keeps only these: a
 * dynamic import of a whole package keeps all of it, and @deck.gl/geo-layers' 3D-tiles layers
 * pull in a WebAssembly decoder that our CSP (rightly) refuses. Load with loadDeck() (deck.ts).
 */
export { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
export { MVTLayer } from '@deck.gl/geo-layers';
export { HeatmapLayer } from '@deck.gl/aggregation-layers';
