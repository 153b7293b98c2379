/**
 * A layer's analysis state kept between requests in the worker, brought up to the newest
 * changeset by reading again only the features of the layer written since the last look.
 * The state is over the zones as they were when it was built: a changed zone, or more changed
 * features than reading the whole layer again would cost, builds it afresh.
 *
 * With `saving`, the state is also saved as a file (saved-states.ts) after it is built and as
 * edits come in, and a new worker (a restarted server) starts from that file and the changesets
 * stored since instead of reading the whole layer.
 */
import { createHash } from 'node:crypto';
import type { Feature, Geometry } from 'geojson';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { geoJsonFeature } from '../../repositories/stored-feature';
import type { SavedStates } from './saved-states';

/** What a kept state must do: take a feature's new version, or forget a deleted one. */
export interface LayerState {
	readonly size: number;
	put(feature: Feature<Geometry | null>): void;
	remove(id: number): void;
}

/** How a kept state is saved and read back. */
export interface StateSaving<S> {
	states: SavedStates;
	/** The file's name: one state of this layer per server. */
	name: string;
	/** What the state was built with besides the zones (a time zone, options), as text. */
	parameters: string;
	/** The state as plain data (typed arrays, arrays, strings); null when it cannot be saved. */
	save(state: S): unknown;
	/** The state over `zones` from what `save` gave; null when it does not fit them. */
	restore(zones: Feature<Geometry>[], data: unknown): S | null;
}

/** Past this share of changed features since the last look, reading the whole layer again is as quick. */
const REBUILD_SHARE = 0.2;
/** Features read again since the last save after which the state is saved again: a restart then reads at most about this many. */
const SAVE_AFTER_CHANGES = 1000;

interface Kept<S> {
	at: number;
	state: S;
	/** The digest of the zones and parameters it was built over. */
	basis: string;
	changedSinceSaved: number;
}

export class KeptLayer<S extends LayerState> {
	private kept: Kept<S> | null = null;
	private savedLooked = false;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: Pick<ChangesetStore, 'latestId' | 'createdAtOf'>,
		/** The layer the state holds. */
		private readonly kind: string,
		/** A new, empty state over the zones. */
		private readonly create: (zones: Feature<Geometry>[]) => S,
		private readonly saving?: StateSaving<S>
	) {}

	/**
	 * Takes up the saved state, when nothing is kept yet and there is one this layer can use (not
	 * yet brought up to date: `current` does that). Whether a state is kept now.
	 */
	async restore(): Promise<boolean> {
		if (!this.kept && !this.savedLooked) {
			this.savedLooked = true;
			this.kept = await this.restoreSaved();
		}
		return this.kept !== null;
	}

	async current(): Promise<S> {
		const latest = await this.changesets.latestId();
		await this.restore();
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
				kept.changedSinceSaved += changed.length;
				if (kept.changedSinceSaved >= SAVE_AFTER_CHANGES) await this.save(kept);
				return kept.state;
			}
		}
		const zones = (await this.features.all('zone')).map(geoJsonFeature);
		const state = this.create(zones);
		await this.features.scan(this.kind, (feature) => state.put(feature));
		this.kept = { at: latest, state, basis: this.basisOf(zones), changedSinceSaved: 0 };
		await this.save(this.kept);
		return state;
	}

	/** The saved state, when there is one for this database, these zones and these parameters. */
	private async restoreSaved(): Promise<Kept<S> | null> {
		const saved = this.saving?.states.read(this.saving.name);
		if (!this.saving || !saved) return null;
		const zones = (await this.features.all('zone')).map(geoJsonFeature);
		const basis = this.basisOf(zones);
		const log = (line: string) => this.saving!.states.log(`sanimap: the saved ${this.saving!.name} analysis state ${line}`);
		if (saved.mark.basis !== basis) {
			log('was built over other zones or settings; it is built afresh.');
			return null;
		}
		if ((await this.changesets.createdAtOf(saved.mark.at)) !== saved.mark.atCreatedAt) {
			log(`is of another history of the database (its changeset ${saved.mark.at} is not stored as it was then); it is built afresh.`);
			return null;
		}
		const state = this.saving.restore(zones, saved.data);
		if (state) this.saving.states.log(`sanimap: the ${this.saving.name} analysis state was taken up as the last start saved it, at changeset ${saved.mark.at}.`);
		return state && { at: saved.mark.at, state, basis, changedSinceSaved: 0 };
	}

	private async save(kept: Kept<S>): Promise<void> {
		if (!this.saving) return;
		const atCreatedAt = await this.changesets.createdAtOf(kept.at);
		const data = atCreatedAt === undefined ? null : this.saving.save(kept.state);
		if (data === null) return;
		this.saving.states.write(this.saving.name, { at: kept.at, atCreatedAt: atCreatedAt!, basis: kept.basis }, data);
		kept.changedSinceSaved = 0;
	}

	private basisOf(zones: Feature<Geometry>[]): string {
		if (!this.saving) return '';
		const hash = createHash('sha256').update(this.saving.parameters);
		for (const zone of zones) hash.update(JSON.stringify([zone.id, zone.properties, zone.geometry]));
		return hash.digest('hex');
	}
}
