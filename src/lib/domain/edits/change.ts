/**
 * What a changeset does to one feature. An edit action turns the current features into a list
 * of these; the store applies them in one transaction, checking each against the version it
 * names, and the inverse of a changeset is again a list of these (invert.ts).
 */
import type { Geometry } from 'geojson';
import { patchProperties, type FeatureState, type Properties, type PropertiesPatch } from './feature-state';

export type Change =
	| { op: 'create'; kind: string; geometry: Geometry; properties: Properties }
	| {
			op: 'update';
			id: number;
			/** The version the edit was based on. */
			baseVersion: number;
			geometry?: Geometry;
			properties?: PropertiesPatch;
			/**
			 * `fields` (the default): when others changed the feature since `baseVersion`, the change
			 * is still stored if none of the fields it sets were among theirs (merge.ts).
			 * `strict`: only on the current version (a lifecycle move, an undo).
			 */
			merge?: 'fields' | 'strict';
	  }
	| { op: 'delete'; id: number; baseVersion: number }
	/** Brings a deleted feature back with the given state (the inverse of a delete). */
	| { op: 'restore'; id: number; baseVersion: number; geometry: Geometry; properties: Properties };

export type ChangeAction = 'create' | 'update' | 'delete';

/** The state after a change; `id` names the feature a create makes. Pure: the input is not changed. */
export function applyChange(current: FeatureState | undefined, change: Change, id = current?.id ?? 0): FeatureState {
	switch (change.op) {
		case 'create':
			return { id, kind: change.kind, version: 1, geometry: change.geometry, properties: change.properties };
		case 'update':
			return {
				...current!,
				version: current!.version + 1,
				geometry: change.geometry ?? current!.geometry,
				properties: change.properties ? patchProperties(current!.properties, change.properties) : current!.properties
			};
		case 'delete':
			return { ...current!, version: current!.version + 1, deleted: true };
		case 'restore':
			return { ...current!, version: current!.version + 1, geometry: change.geometry, properties: change.properties, deleted: false };
	}
}

/** How a change is recorded in the feature's history. */
export function actionOf(change: Change): ChangeAction {
	return change.op === 'restore' ? 'create' : change.op;
}
