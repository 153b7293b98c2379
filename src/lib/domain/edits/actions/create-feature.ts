import type { Geometry } from 'geojson';
import type { EditAction } from '../action';
import type { Properties } from '../feature-state';

/** A new feature of `kind`, with properties already validated against the kind (defaults filled in). */
export function actionCreateFeature(kind: string, geometry: Geometry, properties: Properties, type = 'feature.create'): EditAction {
	return {
		type,
		reads: [],
		disabled: () => null,
		apply: () => [{ op: 'create', kind, geometry, properties }]
	};
}
