/**
 * Chinese web maps publish coordinates in GCJ-02 (Amap/Gaode, Tencent) or BD-09 (Baidu), offset
 * from WGS84 by a few hundred metres. Imports from those sources are converted to WGS84 here with
 * gcoord, once, so everything stored is WGS84 (DESIGN.md §4, Map).
 */
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';
import type { SourceCrs } from './types';

const FROM = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

export function isSourceCrs(value: unknown): value is SourceCrs {
	return value === 'wgs84' || value === 'gcj02' || value === 'bd09';
}

export function toWgs84Position(position: Position, crs: SourceCrs): Position {
	if (crs === 'wgs84') return position;
	const [lon, lat] = gcoord.transform([position[0], position[1]], FROM[crs], gcoord.WGS84) as [number, number];
	return position.length > 2 ? [lon, lat, ...position.slice(2)] : [lon, lat];
}

/**
 * A copy of a geometry with every position converted. Only for geometries already validated
 * (nesting is bounded by the type), never for raw input.
 */
export function toWgs84(geometry: Geometry, crs: SourceCrs): Geometry {
	if (crs === 'wgs84') return geometry;
	const p = (pos: Position) => toWgs84Position(pos, crs);
	switch (geometry.type) {
		case 'Point':
			return { type: 'Point', coordinates: p(geometry.coordinates) };
		case 'MultiPoint':
		case 'LineString':
			return { type: geometry.type, coordinates: geometry.coordinates.map(p) } as Geometry;
		case 'MultiLineString':
		case 'Polygon':
			return { type: geometry.type, coordinates: geometry.coordinates.map((ring) => ring.map(p)) } as Geometry;
		case 'MultiPolygon':
			return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(p))) };
		case 'GeometryCollection':
			return geometry;
	}
}
