/** Analysis functions take a FeatureCollection or a plain array of features; this reads either. */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export type FeatureInput = FeatureCollection<Geometry | null> | ReadonlyArray<Feature<Geometry | null>>;

export function featuresOf(input: FeatureInput): ReadonlyArray<Feature<Geometry | null>> {
	return Array.isArray(input) ? input : (input as FeatureCollection<Geometry | null>).features;
}
