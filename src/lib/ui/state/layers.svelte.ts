/**
 * The features the page holds, per layer, and the diffs that keep the map in step: every change
 * goes through `apply`, which updates the store and tells listeners exactly what changed, so the
 * map receives `updateData` diffs instead of whole layers.
 */
import { SvelteMap } from 'svelte/reactivity';
import { KINDS, type KindDef } from '../../domain/kinds';
import { loadCollection, type ApiFeature } from '../api-client';

export interface LayerData {
	def: KindDef;
	features: SvelteMap<number, ApiFeature>;
	visible: boolean;
	loading: boolean;
	error: string | null;
}

export interface LayerDiff {
	collection: string;
	/** Features to add or replace whole. */
	upsert: ApiFeature[];
	remove: number[];
	/** The whole layer was (re)loaded. */
	reset?: boolean;
}

export class Layers {
	byCollection: Record<string, LayerData> = $state(
		Object.fromEntries(KINDS.map((def) => [def.collection, { def, features: new SvelteMap(), visible: true, loading: true, error: null }]))
	);
	private listeners = new Set<(diff: LayerDiff) => void>();

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

	async loadAll(signal?: AbortSignal): Promise<void> {
		await Promise.all(
			this.list.map(async (layer) => {
				layer.loading = true;
				layer.error = null;
				try {
					const { features } = await loadCollection(layer.def.collection, signal);
					layer.features.clear();
					for (const f of features) layer.features.set(f.id, f);
					this.emit({ collection: layer.def.collection, upsert: features, remove: [], reset: true });
				} catch (e) {
					layer.error = (e as Error).message;
				} finally {
					layer.loading = false;
				}
			})
		);
	}

	get(collection: string, id: number): ApiFeature | undefined {
		return this.byCollection[collection]?.features.get(id);
	}

	apply(collection: string, upsert: ApiFeature[], remove: number[] = []): void {
		const layer = this.byCollection[collection];
		if (!layer) return;
		for (const f of upsert) layer.features.set(f.id, f);
		for (const id of remove) layer.features.delete(id);
		this.emit({ collection, upsert, remove });
	}

	private emit(diff: LayerDiff): void {
		for (const l of this.listeners) l(diff);
	}
}
