/**
 * Accepts suggested sites as planned bins: every site one bin, all in one changeset, so one undo
 * takes the whole suggestion back.
 */
import type { Point } from 'geojson';
import type { EditAction } from '../action';
import type { Properties } from '../feature-state';

export const BIN_KIND = 'bin';

/** `bins`: each site's point and its properties, already validated against the bin kind. */
export function actionAcceptSites(bins: { geometry: Point; properties: Properties }[]): EditAction {
	return {
		type: 'planning.accept-sites',
		reads: [],
		disabled: () => null,
		apply: () => bins.map((b) => ({ op: 'create' as const, kind: BIN_KIND, geometry: b.geometry, properties: b.properties }))
	};
}
