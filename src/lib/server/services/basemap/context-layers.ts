/**
 * Context layers of the community (buildings, water): basemap data that is not an asset kind and is
 * never edited in sanimap, read from `<dataDir>/demo/basemap/<name>.geojson` once and kept.
 *
 * Buildings are the coverage and siting targets (DESIGN.md §1: a bin serves the buildings within its
 * walking radius). A missing file is an empty layer, so a project without basemap data still runs
 * every analysis (with no targets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { deepFreeze } from '../../../deep-freeze';

export const CONTEXT_LAYERS = ['buildings', 'water'] as const;
export type ContextLayer = (typeof CONTEXT_LAYERS)[number];

export class ContextLayers {
	private readonly cache = new Map<ContextLayer, FeatureCollection>();

	constructor(private readonly dataDir: string) {}

	get(name: ContextLayer): FeatureCollection {
		let layer = this.cache.get(name);
		if (!layer) {
			layer = this.read(name);
			// Frozen: every request shares it, and analyses must not mutate their input.
			deepFreeze(layer);
			this.cache.set(name, layer);
		}
		return layer;
	}

	private read(name: ContextLayer): FeatureCollection {
		const file = join(this.dataDir, 'demo', 'basemap', `${name}.geojson`);
		if (!existsSync(file)) return { type: 'FeatureCollection', features: [] };
		const json = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
		if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
			throw new Error(`${file} is not a GeoJSON FeatureCollection.`);
		}
		// Only what an analysis can use: features with a geometry.
		return { type: 'FeatureCollection', features: json.features.filter((f) => f?.geometry) };
	}
}
