import type { EditAction } from '../action';
import { versionRequired } from '../refusal';

/** Deletes a feature; only the version the editor saw may be deleted (no merge: a delete ends every field). */
export function actionDeleteFeature(target: { kind: string; id: number; version: number | undefined }): EditAction {
	return {
		type: 'feature.delete',
		reads: [{ id: target.id, kind: target.kind, currentVersion: target.version }],
		disabled: () => (target.version === undefined ? versionRequired('you are deleting') : null),
		apply: () => [{ op: 'delete', id: target.id, baseVersion: target.version! }]
	};
}
