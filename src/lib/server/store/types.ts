/**
 * The seam between the server's services and the database it keeps its data in. Services see only
 * these contracts; the SQLite store (the embedded default) implements them, and so can another
 * store. Every method is asynchronous so that a store over the network fits the same seam; the
 * SQLite one answers at once.
 *
 * The write contract: a changeset is stored whole or not at all; each change names the version it
 * was based on and is refused (VersionConflictError, nothing stored) when that version is stale and
 * the change cannot be merged field by field; an undo is refused when any of its features changed
 * since (RevertConflictError).
 */
import type { Feature, Geometry } from 'geojson';
import type { EditAction, EditContext } from '../../domain/edits/action';
import type { Change, ChangeAction } from '../../domain/edits/change';
import type { ChangesetInput } from '../repositories/changeset-input';
import type { ChangesetSummary } from '../../domain/api-types';
import type { AppliedChangeset } from '../repositories/changesets';
import type { Bbox, FeaturePage, FeatureQuery } from '../repositories/features';
import type { StoredFeature } from '../repositories/stored-feature';
import type { FeatureAt } from '../repositories/history-at';

export type { ChangesetInput, AppliedChangeset, ChangesetSummary, Bbox, FeaturePage, FeatureQuery, StoredFeature };

export interface FeatureVersion {
	version: number;
	kind: string;
	action: ChangeAction;
	changesetId: number;
	createdAt: string;
	author: string;
	geometry: Geometry;
	properties: Record<string, unknown>;
}

/** Reads of the live features. */
export interface FeatureReads {
	get(kind: string, id: number): Promise<StoredFeature | undefined>;
	/** Any live feature by id, whatever its kind. */
	getById(id: number): Promise<StoredFeature | undefined>;
	/** Whether `id` was a feature of this kind that has been deleted (not one that never existed). */
	wasDeleted(kind: string, id: number): Promise<boolean>;
	query(kind: string, q: FeatureQuery): Promise<FeaturePage>;
	/** Every live feature of a kind, for analyses over a whole layer. */
	all(kind: string): Promise<StoredFeature[]>;
	/**
	 * Every live feature of a kind as GeoJSON, in id order, handed to `visit` one at a time and
	 * kept by no one else: state built over a whole layer (a million hotspots) then costs the
	 * collector young objects only, where `all` kept every row alive until the last was read.
	 * Answers how many there were.
	 */
	scan(kind: string, visit: (feature: Feature<Geometry>) => void): Promise<number>;
	/**
	 * The ids of the features of a kind that changesets after `after`, up to and including `upTo`,
	 * wrote (created, changed or deleted), for state kept up to date one feature at a time.
	 */
	changedBetween(kind: string, after: number, upTo: number): Promise<number[]>;
	/** Live feature counts and extents per kind. */
	summary(): Promise<Map<string, { count: number; bbox: Bbox | null }>>;
}

/** One changeset of a seed, inside the seed's transaction. */
export type SeedPerform = (input: ChangesetInput, actions: readonly EditAction[]) => Promise<AppliedChangeset>;

/** Writes, and the record of every changeset. */
export interface ChangesetStore {
	/** The actions as one changeset (src/lib/domain/edits/). */
	perform(input: ChangesetInput, actions: readonly EditAction[], rules?: EditContext['rules']): Promise<AppliedChangeset>;
	/**
	 * Changes worked out elsewhere (an import, the seed) as one changeset. `recorded`: facts known
	 * once they are written (an import's key → feature id), merged into the changeset's meta.
	 */
	apply(input: ChangesetInput, changes: Change[], recorded?: EditAction['recorded']): Promise<AppliedChangeset>;
	/** Undo: the inverse of a changeset as a new changeset. */
	revert(changesetId: number, input: Omit<ChangesetInput, 'revertOf'>): Promise<AppliedChangeset>;
	get(id: number): Promise<ChangesetSummary | undefined>;
	/**
	 * When changeset `id` was stored; undefined when it is not. Cheaper than `get` (no features): it
	 * tells whether something derived from a database up to `id` was derived from this database's history.
	 */
	createdAtOf(id: number): Promise<string | undefined>;
	/** Newest first; `before` pages backwards by id. */
	list(options: { limit: number; before?: number; author?: string; featureId?: number }): Promise<ChangesetSummary[]>;
	/** Every stored version of a feature, oldest first. */
	history(featureId: number): Promise<FeatureVersion[]>;
	/** The changeset stored for this user's request key, with the digest of the request it answered; always read on the primary. */
	byRequest(userId: number, key: string): Promise<{ changeset: ChangesetSummary; digest: string } | undefined>;
	/** The id of the newest changeset (0 before the first): whatever was computed from the data stays valid while it does not change. */
	latestId(): Promise<number>;
	/**
	 * Fills a new store (the demo seed): the changesets `build` performs, each worked out from what
	 * the ones before it stored, in one transaction: all are stored, or none. It stores nothing and
	 * answers false when the store has something already: any changeset, or with `unlessKind` a
	 * live feature of that kind. So two servers starting on one new database seed it once.
	 */
	seed(build: (perform: SeedPerform) => Promise<void>, options?: { unlessKind?: string }): Promise<boolean>;
}

/** The stored data as it stood at past instants (the report's periods; repositories/history-at.ts says what "as of" means). */
export interface HistoryReads {
	/** The features of a kind as they stood at `at` (ms). */
	featuresAsOf(kind: string, at: number): Promise<FeatureAt[]>;
	/** The features of a kind whose versions in [from, to) came from bulk loads (imports, the seed), as they stood then. */
	bulkLoadedIn(kind: string, from: number, to: number): Promise<Map<number, FeatureAt>>;
	/** For each feature of a kind, the changesets in [from, to) that wrote it. */
	changesetsInPeriod(kind: string, from: number, to: number): Promise<Map<number, number[]>>;
	/** When the first changeset was stored; null: none yet. */
	historyStartsAt(): Promise<string | null>;
}
