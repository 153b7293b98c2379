/**
 * Web Mercator tile arithmetic (the XYZ scheme MapLibre and OSM use): a tile's lon/lat bounds and
 * the position of a lon/lat inside a tile, in tile units (0…extent).
 */

import { bboxClip } from '@turf/turf';
import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';

export type TileBbox = [minX: number, minY: number, maxX: number, maxY: number];

/** Whether z/x/y names a tile that exists: 0 ≤ z ≤ maxZoom, 0 ≤ x, y < 2^z, all whole numbers. */
export function isValidTile(z: number, x: number, y: number, maxZoom = 24): boolean {
	if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y)) return false;
	if (z < 0 || z > maxZoom) return false;
	const n = 2 ** z;
	return x >= 0 && x < n && y >= 0 && y < n;
}

const lonOf = (x: number, n: number) => (x / n) * 360 - 180;
const latOf = (y: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;

/**
 * The lon/lat bounds of tile z/x/y, grown on every side by `buffer` (a fraction of the tile's
 * width, e.g. 64/4096) so that symbols and lines reaching across the edge are drawn in both tiles.
 */
export function tileBbox(z: number, x: number, y: number, buffer = 0): TileBbox {
	const n = 2 ** z;
	return [lonOf(x - buffer, n), latOf(y + 1 + buffer, n), lonOf(x + 1 + buffer, n), latOf(y - buffer, n)];
}

/** Mercator x of a longitude in [0, 1]. */
export const mercatorX = (lon: number) => lon / 360 + 0.5;

/** Mercator y of a latitude in [0, 1] (0 at the top), clamped to the Web Mercator limits. */
export function mercatorY(lat: number): number {
	const sin = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
	return 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
}

/** Where lon/lat falls in tile z/x/y, in whole tile units (0…extent; outside for points in the buffer). */
export function toTilePoint(lon: number, lat: number, z: number, x: number, y: number, extent = 4096): [number, number] {
	const n = 2 ** z;
	return [Math.round((mercatorX(lon) * n - x) * extent), Math.round((mercatorY(lat) * n - y) * extent)];
}

/**
 * The tile that `tileProxyPosition` moves any tile onto: z2/1/1, away from the world's edges, so
 * that neither the buffer around it nor a tiler's world-wrapping copies can reach past them.
 */
export const TILE_PROXY = { z: 2, x: 1, y: 1 } as const;

/**
 * The lon/lat that lands, in tile TILE_PROXY, where lon/lat lands in tile z/x/y. A tiler asked
 * for one deep tile clips its features once per zoom level on the way down (14 times for z14);
 * asked for the proxy tile it clips twice, and simplifies with the same tolerance in tile units.
 */
export function tileProxyPosition(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
	const n = 2 ** z;
	return proxyOf(mercatorX(lon) * n - x, mercatorY(lat) * n - y);
}

/** Where a position given in tiles from tile z/x/y's top-left corner lands around TILE_PROXY, as lon/lat. */
const proxyOf = (tx: number, ty: number): [number, number] => [lonOf((tx + TILE_PROXY.x) / 2 ** TILE_PROXY.z, 1), latOf((ty + TILE_PROXY.y) / 2 ** TILE_PROXY.z, 1)];

/**
 * How far around tile z/x/y, in tiles, a line or polygon is kept when moved onto the proxy tile.
 * A feature reaching further east than three tiles would pass the world's east edge there, and
 * the tiler would wrap that part round to the west, into the proxy tile: a road seen at z18
 * drawn again six tiles from where it is. Clipped here first, nothing reaches past the edges.
 */
const PROXY_MARGIN_TILES = 0.5;

/**
 * A line or polygon moved onto the proxy tile as tileProxyPosition moves each position, clipped
 * first to tile z/x/y and PROXY_MARGIN_TILES around it, in the tile's own frame, where Web
 * Mercator is linear, so each cut lies on the segment it cuts. Null when nothing is left.
 */
export function geometryOnTileProxy(geometry: LineString | MultiLineString | Polygon | MultiPolygon, z: number, x: number, y: number): LineString | MultiLineString | Polygon | MultiPolygon | null {
	const n = 2 ** z;
	const inTiles = { type: geometry.type, coordinates: mapPositions(geometry.coordinates, (p) => [mercatorX(p[0]) * n - x, mercatorY(p[1]) * n - y]) } as typeof geometry;
	const clipped = bboxClip(inTiles, [-PROXY_MARGIN_TILES, -PROXY_MARGIN_TILES, 1 + PROXY_MARGIN_TILES, 1 + PROXY_MARGIN_TILES]).geometry;
	if (clipped.coordinates.length === 0) return null;
	// Mapped into new arrays: the clipper's rings share their first and last position.
	return { type: clipped.type, coordinates: mapPositions(clipped.coordinates, (p) => proxyOf(p[0], p[1])) } as typeof clipped;
}

/** The same nesting of arrays with each position replaced by `f` of it. */
function mapPositions<T>(coordinates: T, f: (p: number[]) => number[]): T {
	const arr = coordinates as unknown[];
	return (typeof arr[0] === 'number' ? f(arr as number[]) : arr.map((c) => mapPositions(c, f))) as T;
}
