/**
 * Changes worked out elsewhere, applied as they are: an import's creates and updates by key,
 * an undo's inverse. The store still checks each against the version it names.
 */
import type { EditAction, FeatureRead } from '../action';
import type { Change } from '../change';

export function actionApplyChanges(type: string, changes: Change[], reads: FeatureRead[] = [], recorded?: EditAction['recorded']): EditAction {
	return { type, reads, disabled: () => null, apply: () => changes, ...(recorded ? { recorded } : {}) };
}
