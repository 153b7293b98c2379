/** Boxes around features as a map fits its view to them: the south-west and the north-east corner. */
import type { Geometry } from 'geojson';
import { geometryBbox } from './validate-geometry';

export type Bounds = [[number, number], [number, number]];

export function geometryBounds(geometry: Geometry): Bounds {
	const [minX, minY, maxX, maxY] = geometryBbox(geometry);
	return [
		[minX, minY],
		[maxX, maxY]
	];
}

/** The box around all of the features; null when there are none. */
export function featuresBounds(features: readonly { geometry: Geometry }[]): Bounds | null {
	if (features.length === 0) return null;
	const boxes = features.map((f) => geometryBbox(f.geometry));
	return [
		[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
		[Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
	];
}
