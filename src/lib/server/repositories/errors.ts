import type { StoredFeature } from './stored-feature';

/** A write named a version that is no longer current. Carries what is stored now. */
export class VersionConflictError extends Error {
	constructor(readonly current: StoredFeature | null, readonly expectedVersion: number) {
		super(current ? `The feature is at version ${current.version}, not ${expectedVersion}.` : 'The feature was deleted.');
	}
}

export class FeatureNotFoundError extends Error {
	constructor(readonly featureId: number) {
		super(`Feature ${featureId} does not exist.`);
	}
}

/** A revert whose features were changed after the changeset it reverts. */
export class RevertConflictError extends Error {
	constructor(readonly changesetId: number, readonly changed: { featureId: number; expectedVersion: number; currentVersion: number | null }[]) {
		super(`Changeset ${changesetId} cannot be undone: ${changed.length} of its features changed since.`);
	}
}

export class ChangesetNotFoundError extends Error {
	constructor(readonly changesetId: number) {
		super(`Changeset ${changesetId} does not exist.`);
	}
}
