/**
 * Points counted in a regular grid of square or hexagonal cells of a size in metres: the heat grid
 * for areas that have no zones. Cells are laid out in a local equirectangular projection (metres
 * per degree from cheap-ruler at the origin's latitude), accurate to well under 1 % across a town;
 * cell edges are straight in lon/lat, so a point's cell is also the polygon that contains it.
 *
 * Only cells holding at least one point are returned, so the output grows with the data, not with
 * the extent.
 */
import CheapRuler from 'cheap-ruler';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { featuresOf, type FeatureInput } from './zone-input';

export type GridShape = 'square' | 'hex';

export interface GridOptions {
	/** Square: side length. Hexagon (pointy-top): side length = centre-to-corner distance, as Turf's hexGrid. */
	cellSizeM: number;
	shape?: GridShape;
	/** Where cell (0, 0) is anchored; pass a fixed origin to keep cells stable between runs. Default: south-west of the points. */
	origin?: Position;
}

export interface GridCellProperties {
	/** `${shape}:${col}:${row}` (hexagons: axial q and r). */
	id: string;
	col: number;
	row: number;
	count: number;
}

const SQRT3 = Math.sqrt(3);

interface Projection {
	toXY(lon: number, lat: number): [number, number];
	toLonLat(x: number, y: number): Position;
}

function localProjection(origin: Position): Projection {
	const { kx, ky } = new CheapRuler(origin[1], 'meters');
	return {
		toXY: (lon, lat) => [(lon - origin[0]) * kx, (lat - origin[1]) * ky],
		toLonLat: (x, y) => [origin[0] + x / kx, origin[1] + y / ky]
	};
}

/** Axial hex coordinates of the pointy-top hexagon containing (x, y), by cube rounding (redblobgames.com/grids/hexagons). */
function hexOf(x: number, y: number, size: number): [number, number] {
	const q = ((SQRT3 / 3) * x - y / 3) / size;
	const r = ((2 / 3) * y) / size;
	const s = -q - r;
	let rq = Math.round(q), rr = Math.round(r);
	const rs = Math.round(s);
	const dq = Math.abs(rq - q), dr = Math.abs(rr - r), ds = Math.abs(rs - s);
	if (dq > dr && dq > ds) rq = -rr - rs;
	else if (dr > ds) rr = -rq - rs;
	return [rq, rr];
}

function hexRing(q: number, r: number, size: number, projection: Projection): Position[] {
	const cx = size * SQRT3 * (q + r / 2);
	const cy = size * 1.5 * r;
	const ring: Position[] = [];
	for (let k = 0; k < 6; k++) {
		const angle = (Math.PI / 180) * (60 * k - 30);
		ring.push(projection.toLonLat(cx + size * Math.cos(angle), cy + size * Math.sin(angle)));
	}
	ring.push(ring[0]);
	return ring;
}

function squareRing(col: number, row: number, size: number, projection: Projection): Position[] {
	const [x0, y0, x1, y1] = [col * size, row * size, (col + 1) * size, (row + 1) * size];
	const ring = [projection.toLonLat(x0, y0), projection.toLonLat(x1, y0), projection.toLonLat(x1, y1), projection.toLonLat(x0, y1)];
	ring.push(ring[0]);
	return ring;
}

function southWestOf(positions: Position[]): Position {
	// A loop, not Math.min(...spread): a million points would overflow the call stack.
	let lon = Infinity, lat = Infinity;
	for (const p of positions) {
		if (p[0] < lon) lon = p[0];
		if (p[1] < lat) lat = p[1];
	}
	return [lon, lat];
}

export function aggregatePointsToGrid(points: FeatureInput, options: GridOptions): FeatureCollection<Polygon, GridCellProperties> {
	const { cellSizeM, shape = 'square' } = options;
	if (!(cellSizeM > 0) || !Number.isFinite(cellSizeM)) throw new RangeError(`cellSizeM must be a positive number, got ${cellSizeM}`);
	if (shape !== 'square' && shape !== 'hex') throw new RangeError(`shape must be "square" or "hex", got ${String(shape)}`);

	const located: Position[] = [];
	for (const f of featuresOf(points)) {
		const g = f.geometry;
		if (g && g.type === 'Point' && Number.isFinite(g.coordinates[0]) && Number.isFinite(g.coordinates[1])) located.push(g.coordinates);
	}
	if (located.length === 0) return { type: 'FeatureCollection', features: [] };
	const origin = options.origin ?? southWestOf(located);
	const projection = localProjection(origin);

	const counts = new Map<string, { col: number; row: number; count: number }>();
	for (const [lon, lat] of located) {
		const [x, y] = projection.toXY(lon, lat);
		const [col, row] = shape === 'hex' ? hexOf(x, y, cellSizeM) : [Math.floor(x / cellSizeM), Math.floor(y / cellSizeM)];
		const key = `${shape}:${col}:${row}`;
		const cell = counts.get(key);
		if (cell) cell.count++;
		else counts.set(key, { col, row, count: 1 });
	}

	const features: Feature<Polygon, GridCellProperties>[] = [...counts.entries()]
		.sort(([, a], [, b]) => a.row - b.row || a.col - b.col)
		.map(([id, { col, row, count }]) => ({
			type: 'Feature',
			id,
			properties: { id, col, row, count },
			geometry: { type: 'Polygon', coordinates: [shape === 'hex' ? hexRing(col, row, cellSizeM, projection) : squareRing(col, row, cellSizeM, projection)] }
		}));
	return { type: 'FeatureCollection', features };
}
