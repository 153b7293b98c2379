/**
 * An edit action (the iD habit): a small pure function from the current features to the changes
 * that make the new ones, and `disabled()` giving a coded reason when it cannot apply. The store
 * reads each feature an action names once, inside the write transaction, checks `disabled`, and
 * applies the changes with their version checks; the browser runs the same `apply` on what it has
 * to draw the edit before the server answers.
 */
import type { Rules } from '../rules';
import type { Change } from './change';
import type { CurrentFeatures } from './feature-state';
import type { Refusal } from './refusal';

export interface EditContext {
	/** The time of the write. */
	now: Date;
	rules: Pick<Rules, 'hotspotDeadlineDays'>;
}

/** A feature an action needs, with the version the caller saw when the action requires it to be current. */
export interface FeatureRead {
	id: number;
	kind: string;
	/** Set when the action may only run on exactly this version (a delete, a lifecycle move, a split). */
	currentVersion?: number;
}

export interface EditAction {
	/** What kind of edit, e.g. `feature.patch`; recorded with the changeset. */
	readonly type: string;
	readonly reads: readonly FeatureRead[];
	disabled(current: CurrentFeatures, ctx: EditContext): Refusal | null;
	apply(current: CurrentFeatures, ctx: EditContext): Change[];
	/**
	 * What to record with the changeset about this edit, from the features as they were before it:
	 * a comment when the editor gave none, and facts kept in its meta (a case's from → to).
	 */
	describe?(current: CurrentFeatures): { comment?: string; meta?: Record<string, unknown> };
	/**
	 * Facts known only once its changes are written, kept in the changeset's meta: an import's key
	 * → feature id of each row, new features' ids included. Given the features written, in change order.
	 */
	recorded?(written: readonly { id: number }[]): Record<string, unknown>;
}
