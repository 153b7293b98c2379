/**
 * A layer's analysis state kept between requests in the worker, brought up to the newest
 * changeset by reading again only the features of the layer written since the last look.
 * The state is over the zones as they were when it was built: a changed zone, or more changed
 * features than reading the whole layer again would cost, builds it afresh.
 */
import type { Feature, Geometry } from 'geojson';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { geoJsonFeature } from '../../repositories/stored-feature';

/** What a kept state must do: take a feature's new version, or forget a deleted one. */
export interface LayerState {
	readonly size: number;
	put(feature: Feature<Geometry | null>): void;
	remove(id: number): void;
}

/** Past this share of changed features since the last look, reading the whole layer again is as quick. */
const REBUILD_SHARE = 0.2;

export class KeptLayer<S extends LayerState> {
	private kept: { at: number; state: S } | null = null;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: Pick<ChangesetStore, 'latestId'>,
		/** The layer the state holds. */
		private readonly kind: string,
		/** A new, empty state over the zones. */
		private readonly create: (zones: Feature<Geometry>[]) => S
	) {}

	async current(): Promise<S> {
		const latest = await this.changesets.latestId();
		const kept = this.kept;
		// A state newer than the store answering now (a replica that lags behind the primary a
		// writer's job read from) is still right to answer with: it holds all that store has.
		if (kept && kept.at >= latest) return kept.state;
		if (kept && (await this.features.changedBetween('zone', kept.at, latest)).length === 0) {
			const changed = await this.features.changedBetween(this.kind, kept.at, latest);
			if (changed.length <= Math.max(1000, REBUILD_SHARE * kept.state.size)) {
				for (const id of changed) {
					const feature = await this.features.get(this.kind, id);
					if (feature) kept.state.put(geoJsonFeature(feature));
					else kept.state.remove(id);
				}
				kept.at = latest;
				return kept.state;
			}
		}
		const state = this.create((await this.features.all('zone')).map(geoJsonFeature));
		await this.features.scan(this.kind, (feature) => state.put(feature));
		this.kept = { at: latest, state };
		return state;
	}
}
