/**
 * Context layers of the community (buildings, water): basemap data that is not an asset kind and is
 * never edited in sanimap, read from `<dataDir>/demo/basemap/<name>.geojson` once and kept.
 *
 * Buildings are the coverage and siting targets (DESIGN.md §1: a bin serves the buildings within its
 * walking radius). A missing file is an empty layer, so a project without basemap data still runs
 * every analysis (with no targets).
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { freezeLayer } from '../../../deep-freeze';

export const CONTEXT_LAYERS = ['buildings', 'water'] as const;
export type ContextLayer = (typeof CONTEXT_LAYERS)[number];

export class ContextLayers {
	private readonly cache = new Map<ContextLayer, { layer: FeatureCollection; source: string }>();

	constructor(private readonly dataDir: string) {}

	get(name: ContextLayer): FeatureCollection {
		return this.read(name).layer;
	}

	/**
	 * Which file the layer is read from, as its size and modification time: what a state built
	 * over the layer and saved for the next start is valid for (a replaced file builds it afresh).
	 * Once the layer is read, the file as it was then; before, as it is now, without reading it.
	 */
	source(name: ContextLayer): string {
		return this.cache.get(name)?.source ?? sourceOf(statSync(this.fileOf(name), { throwIfNoEntry: false }));
	}

	private read(name: ContextLayer): { layer: FeatureCollection; source: string } {
		let read = this.cache.get(name);
		if (!read) {
			read = this.readFile(name);
			// Frozen: every request shares it, and analyses must not mutate their input.
			freezeLayer(read.layer);
			this.cache.set(name, read);
		}
		return read;
	}

	private readFile(name: ContextLayer): { layer: FeatureCollection; source: string } {
		const file = this.fileOf(name);
		const stat = statSync(file, { throwIfNoEntry: false });
		if (!stat) return { layer: { type: 'FeatureCollection', features: [] }, source: sourceOf(stat) };
		const json = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
		if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
			throw new Error(`${file} is not a GeoJSON FeatureCollection.`);
		}
		// Only what an analysis can use: features with a geometry.
		return { layer: { type: 'FeatureCollection', features: json.features.filter((f) => f?.geometry) }, source: sourceOf(stat) };
	}

	private fileOf(name: ContextLayer): string {
		return join(this.dataDir, 'demo', 'basemap', `${name}.geojson`);
	}
}

function sourceOf(stat: Stats | undefined): string {
	return stat ? `${stat.size} bytes, modified ${stat.mtimeMs}` : 'none';
}
