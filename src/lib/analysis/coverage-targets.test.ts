import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Position } from 'geojson';
import { rulerAt } from '../geo/ruler-at';
import { coversTarget, distanceToTargetM, prepareTargets } from './coverage-targets';

const origin: [number, number] = [116.35, 40.0];
const ruler = rulerAt(origin[1]);
const at = (x: number, y: number) => ruler.offset(origin, x, y) as Position;
const feature = (geometry: Feature['geometry']): Feature => ({ type: 'Feature', properties: {}, geometry });
const ring = (x: number, y: number, w: number, h: number) => [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h), at(x, y)];
/** A right triangle with its long side facing the origin's north-east: its box's corner at (x, y) is empty. */
const triangle = (x: number, y: number, size: number) => [at(x + size, y), at(x + size, y + size), at(x, y + size), at(x + size, y)];

describe('coversTarget', () => {
	it('answers as the exact distance does, for points, multipoints, polygons with holes and multipolygons', () => {
		const coord = fc.double({ min: -300, max: 300, noNaN: true });
		const size = fc.double({ min: 0.5, max: 80, noNaN: true });
		const target = fc.oneof(
			fc.tuple(coord, coord).map(([x, y]) => feature({ type: 'Point', coordinates: at(x, y) })),
			fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 4 }).map((ps) => feature({ type: 'MultiPoint', coordinates: ps.map(([x, y]) => at(x, y)) })),
			fc.tuple(coord, coord, size, size, fc.boolean()).map(([x, y, w, h, holed]) =>
				feature({ type: 'Polygon', coordinates: holed ? [ring(x, y, w, h), ring(x + w / 4, y + h / 4, w / 2, h / 2)] : [ring(x, y, w, h)] })
			),
			fc.tuple(coord, coord, size).map(([x, y, s]) => feature({ type: 'MultiPolygon', coordinates: [[triangle(x, y, s)], [ring(x + s * 2, y, s, s)]] }))
		);
		fc.assert(
			fc.property(fc.array(target, { minLength: 1, maxLength: 20 }), fc.tuple(coord, coord), fc.double({ min: 0, max: 250, noNaN: true }), (targets, [px, py], reach) => {
				const set = prepareTargets(targets);
				const [x, y] = at(px, py);
				for (let i = 0; i < set.count; i++) expect(coversTarget(set, i, x, y, reach)).toBe(distanceToTargetM(set, i, x, y) <= reach);
			}),
			{ numRuns: 500 }
		);
	});

	it('covers a building whose far corner is within reach, and not one whose box is out of reach', () => {
		const set = prepareTargets([feature({ type: 'Polygon', coordinates: [ring(10, 10, 10, 10)] }), feature({ type: 'Polygon', coordinates: [ring(60, 0, 10, 10)] })]);
		const [x, y] = at(0, 0);
		// Far corner (20, 20): 28.3 m; the second box's nearest point (60, 0): 60 m.
		expect(coversTarget(set, 0, x, y, 29)).toBe(true);
		expect(coversTarget(set, 1, x, y, 59)).toBe(false);
		expect(coversTarget(set, 1, x, y, 60.01)).toBe(true);
	});

	it('leaves to the exact distance a box within reach whose shape is not: a triangle cut away from the point', () => {
		// The box's near corner (10, 10) is 14.1 m away; the hypotenuse from (30, 10) to (10, 30) is 28.3 m away.
		const set = prepareTargets([feature({ type: 'Polygon', coordinates: [triangle(10, 10, 20)] })]);
		const [x, y] = at(0, 0);
		expect(coversTarget(set, 0, x, y, 20)).toBe(false);
		expect(coversTarget(set, 0, x, y, 28.5)).toBe(true);
	});
});
