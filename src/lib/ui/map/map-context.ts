/**
 * How components inside <MapView> reach the map to add their own sources and layers (analysis
 * results, heatmaps): the map is shared through Svelte context once its style has loaded.
 */
import { getContext, setContext } from 'svelte';
import type { Map as MaplibreMap } from 'maplibre-gl';

const KEY = Symbol('sanimap-map');

export interface MapContext {
	/** The map once its style and the asset layers are loaded; undefined before. */
	readonly map: MaplibreMap | undefined;
}

export const setMapContext = (ctx: MapContext) => setContext(KEY, ctx);
export const getMapContext = () => getContext<MapContext>(KEY);
