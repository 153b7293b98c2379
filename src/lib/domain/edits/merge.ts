/**
 * Field-level merge of a stale update. Someone else changed the feature after the version an
 * update was based on; the update is still stored when none of the fields it changes (the
 * geometry counts as one field) are among the fields they changed. Setting a field to the value
 * it already has is no change and so no conflict. Only overlapping changes are a conflict, and
 * the caller is told, per field, what they read, what they sent and what is stored now.
 */
import type { Change } from './change';
import type { FeatureState } from './feature-state';
import { sameValue } from './same-value';

export const GEOMETRY_FIELD = 'geometry';

export interface FieldConflict {
	field: string;
	/** The value in the version the update was based on (null: absent). */
	read: unknown;
	/** The value the update sets. */
	sent: unknown;
	/** The value stored now. */
	current: unknown;
}

type Update = Extract<Change, { op: 'update' }>;

export type RebaseResult =
	| { ok: true; update: Update; merged: string[] }
	| { ok: false; conflicts: FieldConflict[] };

/** The fields whose values differ between two states of a feature, geometry included. */
export function changedFields(a: FeatureState, b: FeatureState): string[] {
	const fields = sameValue(a.geometry, b.geometry) ? [] : [GEOMETRY_FIELD];
	const keys = new Set([...Object.keys(a.properties), ...Object.keys(b.properties)]);
	for (const key of keys) if (!sameValue(a.properties[key], b.properties[key])) fields.push(key);
	return fields;
}

/**
 * The update rebased on `current`, or the fields on which it collides with what changed between
 * `base` (the version it names) and `current`. `merged` lists the fields others changed that the
 * stored result keeps beside this update's own.
 */
export function rebaseUpdate(update: Update, base: FeatureState, current: FeatureState): RebaseResult {
	const theirs = new Set(changedFields(base, current));
	const conflicts: FieldConflict[] = [];
	const properties: Record<string, unknown> = {};
	let geometry = update.geometry;
	if (geometry !== undefined) {
		if (sameValue(geometry, current.geometry)) geometry = undefined;
		else if (theirs.has(GEOMETRY_FIELD)) conflicts.push({ field: GEOMETRY_FIELD, read: base.geometry, sent: geometry, current: current.geometry });
	}
	for (const [key, value] of Object.entries(update.properties ?? {})) {
		if (sameValue(value, current.properties[key])) continue;
		if (theirs.has(key)) conflicts.push({ field: key, read: base.properties[key] ?? null, sent: value, current: current.properties[key] ?? null });
		else properties[key] = value;
	}
	if (conflicts.length > 0) return { ok: false, conflicts };
	const rebased: Update = { op: 'update', id: update.id, baseVersion: current.version, properties, merge: update.merge };
	if (geometry !== undefined) rebased.geometry = geometry;
	return { ok: true, update: rebased, merged: [...theirs] };
}
