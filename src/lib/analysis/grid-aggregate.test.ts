import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import CheapRuler from 'cheap-ruler';
import { booleanPointInPolygon, distance, centroid } from '@turf/turf';
import type { Feature, Point, Position } from 'geojson';
import { aggregatePointsToGrid } from './grid-aggregate';

const ORIGIN: Position = [24.94, 60.17];
const ruler = new CheapRuler(ORIGIN[1], 'meters');
/** A point x metres east and y metres north of ORIGIN, in the same local projection the grid uses. */
const at = (x: number, y: number): Feature<Point> => ({
	type: 'Feature',
	properties: {},
	geometry: { type: 'Point', coordinates: [ORIGIN[0] + x / ruler.kx, ORIGIN[1] + y / ruler.ky] }
});

describe('aggregatePointsToGrid, squares', () => {
	it('counts points per 100 m cell: (50,50) and (60,70) in cell 0:0, (150,50) in 1:0, (-10,250) in -1:2', () => {
		const points = Object.freeze([at(50, 50), at(60, 70), at(150, 50), at(-10, 250)].map((p) => Object.freeze(p)));
		const grid = aggregatePointsToGrid(points, { cellSizeM: 100, origin: ORIGIN });
		expect(grid.features.map((f) => [f.properties.id, f.properties.count])).toEqual([
			['square:0:0', 2],
			['square:1:0', 1],
			['square:-1:2', 1]
		]);
		// Cell 0:0 spans 100 m east and north of the origin.
		const ring = grid.features[0].geometry.coordinates[0];
		expect(ring[0]).toEqual(ORIGIN);
		expect(ruler.distance(ring[0] as [number, number], ring[1] as [number, number])).toBeCloseTo(100, 6);
		expect(ring[4]).toEqual(ring[0]);
	});

	it('returns no cells for no points, and refuses a non-positive cell size', () => {
		expect(aggregatePointsToGrid([], { cellSizeM: 100 }).features).toEqual([]);
		expect(() => aggregatePointsToGrid([at(0, 0)], { cellSizeM: 0 })).toThrow(RangeError);
	});
});

describe('aggregatePointsToGrid, hexagons', () => {
	it('puts a point at a hexagon centre in that hexagon; adjacent centres are √3 · side apart', () => {
		const side = 100;
		// Axial (1, 0) has its centre at x = side·√3, y = 0; axial (0, 1) at x = side·√3/2, y = 1.5·side.
		const grid = aggregatePointsToGrid([at(0, 0), at(side * Math.sqrt(3), 0), at((side * Math.sqrt(3)) / 2, 150)], { cellSizeM: side, shape: 'hex', origin: ORIGIN });
		expect(grid.features.map((f) => f.properties.id)).toEqual(['hex:0:0', 'hex:1:0', 'hex:0:1']);
		const [c0, c1] = grid.features.map((f) => centroid(f).geometry.coordinates);
		// Measured with the grid's own ruler (ellipsoidal); Turf's spherical distance differs by ~0.4 %.
		expect(ruler.distance(c0 as [number, number], c1 as [number, number])).toBeCloseTo(side * Math.sqrt(3), 3);
		expect(distance(c0, c1, { units: 'meters' }) / (side * Math.sqrt(3))).toBeCloseTo(1, 2);
		expect(grid.features[0].geometry.coordinates[0]).toHaveLength(7);
	});
});

describe('aggregatePointsToGrid, any shape', () => {
	it('returns for every point a cell polygon that contains it, and counts add up (property test)', () => {
		const metres = fc.double({ min: -3000, max: 3000, noNaN: true });
		fc.assert(
			fc.property(fc.array(fc.tuple(metres, metres), { minLength: 1, maxLength: 40 }), fc.constantFrom('square' as const, 'hex' as const), fc.integer({ min: 10, max: 500 }), (xys, shape, size) => {
				const points = xys.map(([x, y]) => at(x, y));
				const grid = aggregatePointsToGrid(points, { cellSizeM: size, shape, origin: ORIGIN });
				expect(grid.features.reduce((n, f) => n + f.properties.count, 0)).toBe(points.length);
				for (const p of points) expect(grid.features.some((cell) => booleanPointInPolygon(p, cell))).toBe(true);
			}),
			{ numRuns: 200, seed: 20240501 }
		);
	});
});
