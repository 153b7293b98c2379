/**
 * The inverse of a stored change, from the feature's state before and after it: what undo applies
 * as a new changeset. Each inverse names the version the change left, so an undo is refused when
 * the feature changed since (nobody's later edit is lost by an undo).
 */
import type { Change } from './change';
import type { FeatureState } from './feature-state';
import { changedFields, GEOMETRY_FIELD } from './merge';

/** `before` is undefined when the change created the feature. */
export function invertChange(before: FeatureState | undefined, after: FeatureState): Change {
	if (!before || before.deleted) {
		// It made the feature exist (a create, or a restore): undo removes it again.
		return { op: 'delete', id: after.id, baseVersion: after.version };
	}
	if (after.deleted) return { op: 'restore', id: after.id, baseVersion: after.version, geometry: before.geometry, properties: before.properties };
	const fields = changedFields(before, after);
	const inverse: Extract<Change, { op: 'update' }> = { op: 'update', id: after.id, baseVersion: after.version, merge: 'strict', properties: {} };
	for (const field of fields) {
		if (field === GEOMETRY_FIELD) inverse.geometry = before.geometry;
		else inverse.properties![field] = before.properties[field] ?? null;
	}
	return inverse;
}
