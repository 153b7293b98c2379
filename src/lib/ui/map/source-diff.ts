/**
 * A change of the page's features as a MapLibre GeoJSON source diff (`updateData`): new features
 * added, changed ones updated in place by id (only the geometry or the properties that changed),
 * deleted ones removed. Updating in place keeps each feature's feature-state (the selection, a
 * zone's figures), which removing and adding it again would lose.
 */
import type { Feature } from 'geojson';
import type { GeoJSONFeatureDiff, GeoJSONSourceDiff } from 'maplibre-gl';
import { sameValue } from '../../domain/edits/same-value';
import type { ApiFeature } from '../api-client';
import type { LayerDiff } from '../state/layers.svelte';
import { toMapFeature } from './to-map-feature';

/** How `after` differs from `before` on the map; null when it does not. Without `before`: everything, anew. */
export function featureDiff(before: Feature | undefined, after: Feature): GeoJSONFeatureDiff | null {
	const id = after.id!;
	const next = after.properties ?? {};
	if (!before) return { id, newGeometry: after.geometry, removeAllProperties: true, addOrUpdateProperties: Object.entries(next).map(([key, value]) => ({ key, value })) };
	const previous = before.properties ?? {};
	const diff: GeoJSONFeatureDiff = { id };
	if (!sameValue(before.geometry, after.geometry)) diff.newGeometry = after.geometry;
	const removed = Object.keys(previous).filter((key) => !(key in next));
	if (removed.length > 0) diff.removeProperties = removed;
	const changed = Object.entries(next).filter(([key, value]) => !(key in previous) || !sameValue(previous[key], value));
	if (changed.length > 0) diff.addOrUpdateProperties = changed.map(([key, value]) => ({ key, value }));
	return Object.keys(diff).length > 1 ? diff : null;
}

/** The source diff of a layer change; `toFeature` is what the source holds of a feature. */
export function sourceDiff(diff: LayerDiff, toFeature: (f: ApiFeature) => Feature = toMapFeature): GeoJSONSourceDiff {
	const result: GeoJSONSourceDiff = {};
	if (diff.removed.length > 0) result.remove = [...diff.removed];
	if (diff.added.length > 0) result.add = diff.added.map(toFeature);
	const update = diff.updated.map((u) => featureDiff(u.before && toFeature(u.before), toFeature(u.after))).filter((d): d is GeoJSONFeatureDiff => d !== null);
	if (update.length > 0) result.update = update;
	return result;
}
