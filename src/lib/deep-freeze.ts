/**
 * Freezing values shared between requests, so that no caller can change them for the next: the
 * rules all the way down; the analyses' tests freeze their fixtures all the way down too, so that
 * a function which mutates its input (coordinates included) fails there.
 */
import type { FeatureCollection, Geometry } from 'geojson';

/** Freezes a parsed JSON value all the way down. */
export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		// Indexed and keyed loops, not Object.values: a city's buildings are millions of small
		// coordinate arrays, and an array of values made for each was most of the freezing time.
		if (Array.isArray(value)) {
			for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object') deepFreeze(value[i]);
		} else {
			for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
		}
	}
	return value;
}

/**
 * Freezes a layer read once and shared by every analysis: the collection, its features, their
 * properties (all the way down) and their geometries, but not the geometries' coordinate arrays.
 * What goes wrong in practice is a library adding a member (Turf's `bbox`, an `id`) to the features
 * or geometries it is given, which this stops. Coordinates are changed only by functions asked to
 * (`mutate: true`), which the analyses' frozen fixtures would catch in their tests. At city scale
 * the coordinate arrays are millions: freezing them took a second of every start, and frozen arrays
 * made each later pass over the buildings (their boxes, their zones) half again as slow.
 */
export function freezeLayer<T extends FeatureCollection<Geometry | null>>(layer: T): T {
	Object.freeze(layer);
	Object.freeze(layer.features);
	for (let i = 0; i < layer.features.length; i++) {
		const feature = layer.features[i];
		Object.freeze(feature);
		if (feature.bbox) Object.freeze(feature.bbox);
		deepFreeze(feature.properties);
		freezeGeometry(feature.geometry);
	}
	return layer;
}

function freezeGeometry(geometry: Geometry | null): void {
	if (!geometry) return;
	Object.freeze(geometry);
	if (geometry.bbox) Object.freeze(geometry.bbox);
	if (geometry.type === 'GeometryCollection') {
		Object.freeze(geometry.geometries);
		for (const member of geometry.geometries) freezeGeometry(member);
	}
}
