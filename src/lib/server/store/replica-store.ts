/**
 * The reads that may lag (features, tiles, the past) served from a streaming replica, with the
 * primary's for a request whose writer the replica has not caught up with (read-your-writes.ts).
 * Writes always go to the primary; each one stored marks its request's later reads for the primary.
 */
import type { PgDb } from '../db/postgres';
import { noteWritten, routedReads } from './read-your-writes';
import { pgStoreReads, type StoreReads } from './store-reads';
import type { TileReads } from './tiles';
import type { AppliedChangeset, ChangesetStore } from './types';

export function routedStoreReads(primary: StoreReads, replicaDb: PgDb, clock: () => Date): StoreReads & { replicaTiles: TileReads; replicaLatest: () => Promise<number> } {
	const replica = pgStoreReads(replicaDb, clock);
	const replicaLatest = () => replica.tiles.latestChangesetId();
	const reads = routedReads(primary.changesets, replica.changesets, replicaLatest);
	const written = async (applied: Promise<AppliedChangeset>) => {
		const done = await applied;
		noteWritten(done.changeset.id);
		return done;
	};
	const changesets: ChangesetStore = {
		perform: (input, actions, rules) => written(primary.changesets.perform(input, actions, rules)),
		apply: (input, changes, recorded) => written(primary.changesets.apply(input, changes, recorded)),
		revert: (id, input) => written(primary.changesets.revert(id, input)),
		seed: (build, options) => primary.changesets.seed(build, options),
		get: (id) => reads.get(id),
		createdAtOf: (id) => reads.createdAtOf(id),
		list: (options) => reads.list(options),
		history: (featureId) => reads.history(featureId),
		latestId: () => reads.latestId(),
		// Asked before a write, of what this user stored: the primary knows it first.
		byRequest: (userId, key) => primary.changesets.byRequest(userId, key)
	};
	return {
		features: routedReads(primary.features, replica.features, replicaLatest),
		changesets,
		history: routedReads(primary.history, replica.history, replicaLatest),
		tiles: routedReads(primary.tiles, replica.tiles, replicaLatest),
		replicaTiles: replica.tiles,
		replicaLatest
	};
}
