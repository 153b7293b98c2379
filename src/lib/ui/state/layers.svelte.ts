/**
 * The features the page holds, per layer, and the diffs that keep the map in step: every change
 * goes through `apply`, which updates the store and tells listeners exactly what changed, so the
 * map receives `updateData` diffs instead of whole layers.
 *
 * Big layers (more features than the server's tile threshold, see `GET /api/tiles`) are drawn from
 * vector tiles and never downloaded whole: for a tiled layer, `features` holds only the features
 * this page has opened (clicked, searched) or edited, and `count` is the layer's total. Diffs of a
 * tiled layer reach the map as an overlay over the tiles. `/?naive` turns tiling off (every layer
 * as whole GeoJSON), the baseline the map benchmark compares with.
 */
import { SvelteMap } from 'svelte/reactivity';
import { KINDS, type KindDef } from '../../domain/kinds';
import { loadCollection, type ApiFeature } from '../api-client';

export interface TileInfo {
	/** Tile URL template (`…/{z}/{x}/{y}.pbf`). */
	tiles: string[];
	minzoom: number;
	maxzoom: number;
	clusterMaxZoom: number | null;
}

export interface LayerData {
	def: KindDef;
	features: SvelteMap<number, ApiFeature>;
	/** Features in the layer: `features.size` for a whole layer, the server's count for a tiled one. */
	count: number;
	/** Drawn from vector tiles; `features` then holds only what was opened or edited here. */
	tiled: TileInfo | null;
	visible: boolean;
	loading: boolean;
	error: string | null;
}

export interface LayerDiff {
	collection: string;
	/** Features new to the page (every feature, when the layer was reset). */
	added: ApiFeature[];
	/** Features the page held, with what it held before; without `before`, to be drawn again whole. */
	updated: { before?: ApiFeature; after: ApiFeature }[];
	removed: number[];
	/** The whole layer was (re)loaded. */
	reset?: boolean;
}

interface TilesAnswer {
	layers: ({ collection: string; count: number; tiled: boolean } & TileInfo)[];
}

export class Layers {
	byCollection: Record<string, LayerData> = $state(
		Object.fromEntries(KINDS.map((def) => [def.collection, { def, features: new SvelteMap(), count: 0, tiled: null, visible: true, loading: true, error: null }]))
	);
	private listeners = new Set<(diff: LayerDiff) => void>();
	private modesKnown!: () => void;
	/** Resolves once each layer is known to be whole or tiled (the map adds its sources then). */
	readonly modes: Promise<void> = new Promise((resolve) => (this.modesKnown = resolve));

	get list(): LayerData[] {
		return KINDS.map((d) => this.byCollection[d.collection]);
	}

	get loading(): boolean {
		return this.list.some((l) => l.loading);
	}

	onDiff(listener: (diff: LayerDiff) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Loads every layer: asks which are tiled, then downloads the others whole. `naive` (default:
	 * the page URL has `?naive`) downloads every layer whole.
	 */
	async loadAll(signal?: AbortSignal, options: { naive?: boolean } = {}): Promise<void> {
		const naive = options.naive ?? (typeof location !== 'undefined' && new URLSearchParams(location.search).has('naive'));
		try {
			if (!naive) await this.loadTileModes(signal);
		} finally {
			this.modesKnown();
		}
		await Promise.all(
			this.list.map(async (layer) => {
				if (layer.tiled) {
					layer.loading = false;
					return;
				}
				layer.loading = true;
				layer.error = null;
				try {
					const { features } = await loadCollection(layer.def.collection, signal);
					layer.features.clear();
					for (const f of features) layer.features.set(f.id, f);
					layer.count = layer.features.size;
					this.emit({ collection: layer.def.collection, added: features, updated: [], removed: [], reset: true });
				} catch (e) {
					layer.error = (e as Error).message;
				} finally {
					layer.loading = false;
				}
			})
		);
	}

	/** Without an answer from /api/tiles every layer is loaded whole, as before tiles existed. */
	private async loadTileModes(signal?: AbortSignal): Promise<void> {
		let answer: TilesAnswer;
		try {
			const res = await fetch('/api/tiles', { signal });
			if (!res.ok) return;
			answer = await res.json();
		} catch {
			return;
		}
		for (const info of answer.layers) {
			const layer = this.byCollection[info.collection];
			if (!layer || !info.tiled) continue;
			layer.tiled = { tiles: info.tiles, minzoom: info.minzoom, maxzoom: info.maxzoom, clusterMaxZoom: info.clusterMaxZoom };
			layer.count = info.count;
		}
	}

	get(collection: string, id: number): ApiFeature | undefined {
		return this.byCollection[collection]?.features.get(id);
	}

	/**
	 * A feature of a tiled layer that the page does not hold yet (the tiles carry only what the map
	 * draws): fetched whole and added, so the card and the editor can use it. Undefined when gone.
	 */
	async open(collection: string, id: number): Promise<ApiFeature | undefined> {
		const held = this.get(collection, id);
		if (held) return held;
		const res = await fetch(`/api/collections/${collection}/items/${id}`);
		if (!res.ok) return undefined;
		const feature = (await res.json()) as ApiFeature;
		this.apply(collection, [feature]);
		return feature;
	}

	/** Stored features in (new or newer versions) and deleted ones out; listeners get what changed. */
	apply(collection: string, upsert: ApiFeature[], remove: number[] = []): void {
		const layer = this.byCollection[collection];
		if (!layer) return;
		const diff: LayerDiff = { collection, added: [], updated: [], removed: [] };
		for (const f of upsert) {
			const before = layer.features.get(f.id);
			if (before) diff.updated.push({ before, after: f });
			else {
				if (!layer.tiled) layer.count++;
				diff.added.push(f);
			}
			layer.features.set(f.id, f);
		}
		for (const id of remove) {
			if (layer.features.delete(id) && !layer.tiled) layer.count--;
			else if (layer.tiled) layer.count = Math.max(0, layer.count - 1);
			diff.removed.push(id);
		}
		this.emit(diff);
	}

	/** Draws held features again as the page holds them (a drag that was not stored goes back). */
	redraw(collection: string, ids: number[]): void {
		const layer = this.byCollection[collection];
		const after = ids.map((id) => layer?.features.get(id)).filter((f): f is ApiFeature => !!f);
		if (after.length > 0) this.emit({ collection, added: [], updated: after.map((f) => ({ after: f })), removed: [] });
	}

	private emit(diff: LayerDiff): void {
		for (const l of this.listeners) l(diff);
	}
}
