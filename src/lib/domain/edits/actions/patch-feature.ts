import type { Geometry } from 'geojson';
import { kindDef } from '../../kinds';
import type { EditAction } from '../action';
import type { PropertiesPatch } from '../feature-state';
import { refuse, versionRequired } from '../refusal';
import { sameValue } from '../same-value';

export interface FeaturePatch {
	/** A merge patch, validated against the kind: a value sets the field, null removes it. */
	properties?: PropertiesPatch;
	geometry?: Geometry;
}

/**
 * Changes some fields of a feature (a move is a patch of its geometry). Based on the version the
 * editor saw; when someone changed other fields since, the store merges (merge.ts).
 */
export function actionPatchFeature(target: { kind: string; id: number; version: number | undefined }, patch: FeaturePatch, type = patch.properties ? 'feature.patch' : 'feature.move'): EditAction {
	return {
		type,
		reads: [{ id: target.id, kind: target.kind }],
		disabled(current) {
			if (target.version === undefined) return versionRequired('you edited');
			const feature = current.get(target.id)!;
			// Fields a kind lets only its own actions change (a hotspot's lifecycle moves).
			const lock = kindDef(target.kind)?.lockedFields;
			const changed = (lock?.keys ?? []).filter((key) => patch.properties && key in patch.properties && !sameValue(patch.properties[key], feature.properties[key]));
			if (lock && changed.length > 0) return refuse(409, lock.code, lock.message.replace('{fields}', changed.join(', ')), { fields: changed });
			return null;
		},
		apply: () => [{ op: 'update', id: target.id, baseVersion: target.version!, ...patch }]
	};
}
