/**
 * Point features (bins, collection points, candidate sites) as flat coordinate arrays with a KDBush
 * index, the layout the coverage and siting hot paths search millions of times.
 */
import KDBush from 'kdbush';
import type { Feature, FeatureCollection } from 'geojson';
import { GeometryTypeError } from './geometry-type-error';

export interface PointLayer {
	readonly count: number;
	readonly lon: Float64Array;
	readonly lat: Float64Array;
	/** Which input feature each point came from (a MultiPoint gives several points). */
	readonly featureOf: Int32Array;
	readonly index: KDBush;
}

export function featuresOf(input: FeatureCollection | readonly Feature[]): readonly Feature[] {
	return Array.isArray(input) ? input : (input as FeatureCollection).features;
}

/** Reads Point and MultiPoint features; any other geometry is a GeometryTypeError. */
export function pointLayerOf(input: FeatureCollection | readonly Feature[], layer = 'points'): PointLayer {
	const features = featuresOf(input);
	const lon: number[] = [];
	const lat: number[] = [];
	const featureOf: number[] = [];
	features.forEach((feature, i) => {
		const g = feature?.geometry;
		if (g?.type === 'Point') {
			lon.push(g.coordinates[0]);
			lat.push(g.coordinates[1]);
			featureOf.push(i);
		} else if (g?.type === 'MultiPoint') {
			for (const c of g.coordinates) {
				lon.push(c[0]);
				lat.push(c[1]);
				featureOf.push(i);
			}
		} else {
			throw new GeometryTypeError(layer, i, g?.type ?? 'null', ['Point', 'MultiPoint']);
		}
	});
	return pointLayerFromArrays(Float64Array.from(lon), Float64Array.from(lat), Int32Array.from(featureOf));
}

export function pointLayerFromArrays(lon: Float64Array, lat: Float64Array, featureOf?: Int32Array): PointLayer {
	const count = lon.length;
	// Small leaves: queries here return a handful of points, so less leaf scanning beats a shallower tree.
	const index = new KDBush(Math.max(count, 1), 16);
	for (let i = 0; i < count; i++) index.add(lon[i], lat[i]);
	// KDBush needs at least one item to finish; an empty layer gets a far-away dummy never returned.
	if (count === 0) index.add(1e9, 1e9);
	index.finish();
	return { count, lon, lat, featureOf: featureOf ?? Int32Array.from({ length: count }, (_, i) => i), index };
}
