import type { FeatureState } from '../../domain/edits/feature-state';
import type { Refusal } from '../../domain/edits/refusal';

/**
 * Asked for every feature a changeset writes, with its state before (none for a create) and after
 * (none for a delete): a refusal stops the whole changeset. The zone check of field staff.
 */
export type WriteGuard = (before: FeatureState | undefined, after: Omit<FeatureState, 'id' | 'version'> | undefined) => Refusal | null;

/** Who makes a changeset, from where, and why. */
export interface ChangesetInput {
	author: string;
	/** The signed-in user, when there is one. */
	userId?: number | null;
	source: 'web' | 'field' | 'import' | 'api' | 'seed';
	comment?: string;
	revertOf?: number;
	meta?: Record<string, unknown>;
	/**
	 * The request this changeset answers, named by the client (Idempotency-Key) with a digest of
	 * its body: a second changeset with the same key for the same user is refused
	 * (RequestKeyTakenError), so a request sent again is stored once.
	 */
	request?: { key: string; digest: string };
	/** Checks each written feature (where the writer may work); nothing is stored when it refuses. */
	guard?: WriteGuard;
}
