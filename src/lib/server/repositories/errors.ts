import type { FieldConflict } from '../../domain/edits/merge';
import type { Refusal } from '../../domain/edits/refusal';
import type { StoredFeature } from './stored-feature';

/**
 * A write named a version that is no longer current and could not be merged. Carries what is
 * stored now and, for a field-level merge that collided, the colliding fields.
 */
export class VersionConflictError extends Error {
	constructor(
		readonly current: StoredFeature | null,
		readonly expectedVersion: number | null,
		readonly conflicts: FieldConflict[] = []
	) {
		super(current ? `The feature is at version ${current.version}, not ${expectedVersion}.` : 'The feature was deleted.');
	}
}

export class FeatureNotFoundError extends Error {
	constructor(readonly featureId: number) {
		super(`Feature ${featureId} does not exist.`);
	}
}

/** An edit action's `disabled()` reason, raised inside the write so that nothing is stored. */
export class EditRefusedError extends Error {
	constructor(readonly refusal: Refusal) {
		super(refusal.message);
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

/** A changeset for a request key this user has had a changeset stored for already; nothing was stored. */
export class RequestKeyTakenError extends Error {
	constructor(readonly userId: number, readonly key: string) {
		super(`A changeset for the request key "${key}" is stored already.`);
	}
}
