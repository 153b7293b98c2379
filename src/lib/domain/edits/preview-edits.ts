/**
 * What edits will do, worked out where they were made before the server has stored them: each
 * edit as it is sent to `POST /api/edits` becomes the same edit action the server applies, and
 * that action's `apply` runs on the features at hand. The field outbox draws and shows its waiting
 * edits this way. The server still decides: it validates, fills in defaults and merges.
 */
import type { Point } from 'geojson';
import type { EditRequest } from '../api-types';
import { kindByCollection } from '../kinds';
import type { EditAction, EditContext } from './action';
import { actionAcceptSites } from './actions/accept-sites';
import { actionCreateFeature } from './actions/create-feature';
import { actionDeleteFeature } from './actions/delete-feature';
import { actionMoveCase } from './actions/move-case';
import { actionPatchFeature } from './actions/patch-feature';
import { actionReportCase } from './actions/report-case';
import { actionSplitRoad } from './actions/split-road';
import { applyChange, type Change } from './change';
import type { FeatureState } from './feature-state';
import { recordProperties } from '../vector-records';

/** The action an edit request stands for; undefined for a layer that does not exist. */
export function actionOfEditRequest(edit: EditRequest): EditAction | undefined {
	switch (edit.type) {
		case 'create': {
			const def = kindByCollection(edit.collection);
			return def && actionCreateFeature(def.kind, edit.feature.geometry, edit.feature.properties ?? {});
		}
		case 'patch': {
			const def = kindByCollection(edit.collection);
			return def && actionPatchFeature({ kind: def.kind, id: edit.id, version: edit.version }, edit.feature);
		}
		case 'delete': {
			const def = kindByCollection(edit.collection);
			return def && actionDeleteFeature({ kind: def.kind, id: edit.id, version: edit.version });
		}
		case 'split':
			return actionSplitRoad({ id: edit.id, version: edit.version, at: [edit.at[0], edit.at[1]], parts: edit.parts });
		case 'move-case':
			return actionMoveCase({ id: edit.id, version: edit.version }, { to: edit.to, note: edit.note, reason: edit.reason, photoIds: edit.photoIds });
		case 'report-case':
			// The zone is found by the server; the preview has none.
			return actionReportCase(edit.feature.geometry, edit.feature.properties, null);
		case 'accept-sites':
			return actionAcceptSites(edit.sites.map((s) => ({ geometry: { type: 'Point', coordinates: [s.lon, s.lat] } as Point, properties: { status: 'planned' } })));
		case 'vector-survey':
		case 'vector-activity': {
			// Drawn where the record names its point; without one the server places it at its zone.
			const geometry = edit.record.geometry as Point | undefined;
			const kind = edit.type === 'vector-survey' ? 'vectorSurvey' : 'vectorActivity';
			return geometry ? actionCreateFeature(kind, geometry, recordProperties(edit.type, edit.record)) : undefined;
		}
	}
}

/** One change of a preview: the feature it touches (a new one has a negative id) and its state after. */
export interface PreviewChange {
	change: Change;
	after: FeatureState;
	/** Index of the edit in the list it came from. */
	edit: number;
}

export interface EditsPreview {
	/** Every feature the edits touched, as they leave it, by id. */
	states: Map<number, FeatureState>;
	/** The changes in order: the order of the features in the server's answer to the same edits. */
	changes: PreviewChange[];
	/** Edits that would not apply to the features at hand (their feature is not here, or they are refused). */
	skipped: number[];
}

/**
 * Applies the edits in order to `current` (not changed), as the server would in one changeset.
 * `newId` numbers created features (negative, so they never clash with stored ones).
 */
export function previewEdits(edits: readonly EditRequest[], current: ReadonlyMap<number, FeatureState>, ctx: EditContext, newId: () => number = counter()): EditsPreview {
	const states = new Map(current);
	const result: EditsPreview = { states: new Map(), changes: [], skipped: [] };
	edits.forEach((edit, i) => {
		const action = actionOfEditRequest(edit);
		const readable = action?.reads.every((r) => states.has(r.id) && !states.get(r.id)!.deleted);
		if (!action || !readable || action.disabled(states, ctx)) {
			result.skipped.push(i);
			return;
		}
		for (const change of action.apply(states, ctx)) {
			const before = change.op === 'create' ? undefined : states.get(change.id);
			if (change.op !== 'create' && !before) continue;
			const after = applyChange(before, change, change.op === 'create' ? newId() : before!.id);
			states.set(after.id, after);
			result.states.set(after.id, after);
			result.changes.push({ change, after, edit: i });
		}
	});
	return result;
}

function counter(): () => number {
	let next = 0;
	return () => --next;
}
