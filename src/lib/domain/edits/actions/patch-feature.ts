import type { Geometry } from 'geojson';
import { kindDef } from '../../kinds';
import type { EditAction } from '../action';
import type { PropertiesPatch } from '../feature-state';
import { refuse, versionRequired } from '../refusal';
import { sameValue } from '../same-value';
import { DEFAULT_TIME_ZONE } from '../../time/time-zone';

export interface FeaturePatch {
	/** A merge patch, validated against the kind: a value sets the field, null removes it. */
	properties?: PropertiesPatch;
	geometry?: Geometry;
}

/**
 * Changes some fields of a feature (a move is a patch of its geometry). Based on the version the
 * editor saw; when someone changed other fields since, the store merges (merge.ts).
 */
export function actionPatchFeature(
	target: { kind: string; id: number; version: number | undefined; timeZone?: string },
	patch: FeaturePatch,
	type = patch.properties ? 'feature.patch' : 'feature.move'
): EditAction {
	return {
		type,
		reads: [{ id: target.id, kind: target.kind }],
		disabled(current, ctx) {
			if (target.version === undefined) return versionRequired('you edited');
			const feature = current.get(target.id)!;
			// Fields a kind lets only its own actions change (a hotspot's lifecycle moves).
			const lock = kindDef(target.kind)?.lockedFields;
			const changed = (lock?.keys ?? []).filter((key) => patch.properties && key in patch.properties && !sameValue(patch.properties[key], feature.properties[key]));
			if (lock && changed.length > 0) return refuse('conflict', lock.code, lock.message.replace('{fields}', changed.join(', ')), { fields: changed });
			// Checks of the whole record (a survey's positives above what was inspected), on the properties it will have.
			const check = kindDef(target.kind)?.check;
			if (check && patch.properties) {
				const merged: Record<string, unknown> = { ...feature.properties };
				for (const [key, value] of Object.entries(patch.properties)) {
					if (value === null) delete merged[key];
					else merged[key] = value;
				}
				const issues = check(merged, { now: ctx.now, timeZone: target.timeZone ?? DEFAULT_TIME_ZONE });
				if (issues.length > 0) return refuse('invalid', 'feature.invalid', issues.map((i) => i.message).join(' '), { issues });
			}
			return null;
		},
		apply: () => [{ op: 'update', id: target.id, baseVersion: target.version!, ...patch }]
	};
}
