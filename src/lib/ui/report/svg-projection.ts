/**
 * GeoJSON to SVG path data for the report's printed maps: an equirectangular projection scaled by
 * cos(latitude) at the middle of the extent (true to scale within a fraction of a percent over a
 * community), y pointing down. Vector, so the maps stay sharp in the PDF at any zoom.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';

/** One layer of a printed map; style values may depend on a feature's properties. */
export interface MapLayer {
	data: FeatureCollection;
	fill?: string | ((properties: Record<string, unknown>) => string);
	stroke?: string | ((properties: Record<string, unknown>) => string);
	strokeWidth?: number | ((properties: Record<string, unknown>) => number);
	radius?: number;
}

export interface Projection {
	width: number;
	height: number;
	project(p: Position): [number, number];
	/** Metres per SVG unit, for the scale bar. */
	metresPerUnit: number;
}

export function fitProjection(bbox: [number, number, number, number], width: number, padding = 8): Projection {
	const [minX, minY, maxX, maxY] = bbox;
	const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
	const spanX = Math.max((maxX - minX) * k, 1e-9);
	const spanY = Math.max(maxY - minY, 1e-9);
	const scale = (width - 2 * padding) / spanX;
	const height = Math.round(spanY * scale + 2 * padding);
	return {
		width,
		height,
		project: ([x, y]) => [padding + (x - minX) * k * scale, padding + (maxY - y) * scale],
		metresPerUnit: 111_320 / scale
	};
}

const fixed = (n: number) => Math.round(n * 10) / 10;

function ring(points: Position[], projection: Projection, close: boolean): string {
	return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${projection.project(p).map(fixed).join(' ')}`).join('') + (close ? 'Z' : '');
}

/** Path data of a line or polygon geometry; '' for points and empty geometries. */
export function pathOf(geometry: Geometry | null, projection: Projection): string {
	if (!geometry) return '';
	switch (geometry.type) {
		case 'LineString':
			return ring(geometry.coordinates, projection, false);
		case 'MultiLineString':
			return geometry.coordinates.map((l) => ring(l, projection, false)).join('');
		case 'Polygon':
			return geometry.coordinates.map((r) => ring(r, projection, true)).join('');
		case 'MultiPolygon':
			return geometry.coordinates.flatMap((p) => p.map((r) => ring(r, projection, true))).join('');
		default:
			return '';
	}
}

/** Projected position of a point geometry, else null. */
export function pointOf(geometry: Geometry | null, projection: Projection): [number, number] | null {
	return geometry?.type === 'Point' ? projection.project(geometry.coordinates) : null;
}

/** A round scale-bar length (10, 20, 50, 100, 200, 500 m …) about a fifth of the map wide. */
export function scaleBarMetres(projection: Projection): number {
	const target = (projection.width / 5) * projection.metresPerUnit;
	const magnitude = 10 ** Math.floor(Math.log10(target));
	return [5, 2, 1].map((m) => m * magnitude).find((m) => m <= target) ?? magnitude;
}
