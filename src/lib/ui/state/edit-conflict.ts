/**
 * A user-level edit the server refused with `409 conflict`, and what the person's choice sends
 * instead. The desktop's conflict dialog and the phone's outbox use the same two functions.
 *
 * A stale patch whose fields someone else changed too names each colliding field with the value
 * read, the value sent and the value stored now; the person keeps theirs or mine per field, and the
 * choice is sent as a new patch on the version stored now (the fields nobody else changed go with
 * it unchanged). A conflict without fields (a delete, a case move or a split of a version that is
 * no longer current) is chosen whole: mine is the same edit again on the current version.
 */
import type { ApiFeature, ConflictDetails, EditRequest, FieldConflict, PatchEdit } from '../../domain/api-types';
import { GEOMETRY_FIELD } from '../../domain/edits/merge';
import type { ApiRefusal } from '../api-client';
import { targetOf } from './edit-target';
import type { UserEdit } from './user-edit';

export interface EditConflict {
	edit: UserEdit;
	/** Which of its edits collided. */
	index: number;
	/** The feature as stored now; null when someone deleted it. */
	current: ApiFeature | null;
	/** The colliding fields; empty when the edit collided as a whole. */
	fields: FieldConflict[];
	message: string;
}

export type FieldChoice = 'mine' | 'theirs';

/** The conflict in a refusal of `edit`, or null when the refusal was something else. */
export function conflictOf(edit: UserEdit, error: ApiRefusal): EditConflict | null {
	if (error.status !== 409 || error.code !== 'conflict') return null;
	const details = (error.details ?? {}) as Partial<ConflictDetails>;
	const current = details.current ?? null;
	const byId = current ? edit.edits.findIndex((e) => targetOf(e) === current.id) : -1;
	// A deleted feature is not named in the answer; with one edit there is no doubt which it was.
	const index = byId >= 0 ? byId : edit.edits.length === 1 ? 0 : -1;
	if (index < 0) return null;
	return { edit, index, current, fields: details.fields ?? [], message: error.message };
}

/** The patch the person's choice amounts to, on the current version; null when nothing of theirs remains to send. */
function chosenPatch(patch: PatchEdit, conflict: EditConflict, choices: Record<string, FieldChoice>): PatchEdit | null {
	const keepTheirs = (field: string) => conflict.fields.some((f) => f.field === field) && choices[field] === 'theirs';
	const feature: PatchEdit['feature'] = {};
	const properties = Object.fromEntries(Object.entries(patch.feature.properties ?? {}).filter(([key]) => !keepTheirs(key)));
	if (Object.keys(properties).length > 0) feature.properties = properties;
	if (patch.feature.geometry && !keepTheirs(GEOMETRY_FIELD)) feature.geometry = patch.feature.geometry;
	if (!feature.properties && !feature.geometry) return null;
	return { ...patch, version: conflict.current!.version, feature };
}

/**
 * What to send after the person chose: `choices` per colliding field (a field left out keeps
 * mine). Null when there is nothing to send: they kept theirs everywhere, or the feature is gone.
 */
export function resolveConflict(conflict: EditConflict, choices: Record<string, FieldChoice>): UserEdit | null {
	if (!conflict.current) return null;
	const edits: EditRequest[] = [];
	conflict.edit.edits.forEach((e, i) => {
		if (i !== conflict.index) edits.push(e);
		else if (e.type === 'patch' && conflict.fields.length > 0) {
			const patch = chosenPatch(e, conflict, choices);
			if (patch) edits.push(patch);
		} else if ('version' in e) edits.push({ ...e, version: conflict.current!.version });
	});
	return edits.length > 0 ? { ...conflict.edit, edits } : null;
}

/** Every field on which mine and theirs differ, chosen the same way (all mine, or all theirs). */
export const chooseAll = (conflict: EditConflict, choice: FieldChoice): Record<string, FieldChoice> => Object.fromEntries(conflict.fields.map((f) => [f.field, choice]));
