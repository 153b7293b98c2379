/**
 * The basemap. By default it needs no internet: a plain background with the community's own
 * buildings and water from the server; the asset layers (roads, zones, …) are drawn on top.
 * An online raster basemap is used instead when one is configured.
 */
import type { StyleSpecification } from 'maplibre-gl';

export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap contributors</a>';

export function baseStyle(options: { rasterUrl?: string; rasterAttribution?: string }): StyleSpecification {
	const style: StyleSpecification = {
		version: 8,
		sources: {
			buildings: { type: 'geojson', data: '/api/basemap/buildings', attribution: OSM_ATTRIBUTION },
			water: { type: 'geojson', data: '/api/basemap/water', attribution: OSM_ATTRIBUTION }
		},
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
			{ id: 'water-line', type: 'line', source: 'water', paint: { 'line-color': '#93c5fd', 'line-width': 4 } },
			{ id: 'water-fill', type: 'fill', source: 'water', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#bfdbfe' } },
			{ id: 'buildings', type: 'fill', source: 'buildings', paint: { 'fill-color': '#d6d3d1', 'fill-outline-color': '#a8a29e' } }
		]
	};
	if (options.rasterUrl) {
		style.sources.online = {
			type: 'raster',
			tiles: [options.rasterUrl],
			tileSize: 256,
			attribution: options.rasterAttribution || OSM_ATTRIBUTION
		};
		style.layers.splice(1, 0, { id: 'online-basemap', type: 'raster', source: 'online' });
	}
	return style;
}
