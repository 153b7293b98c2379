import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature } from 'geojson';
import { pointLayerOf } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { prepareTargets } from './coverage-targets';
import { coveredMaskFromTargets } from './coverage';
import { coveredMaskFromPoints } from './coverage-grid';

const origin: [number, number] = [116.35, 40.0];
const ruler = rulerAt(origin[1]);
const at = (x: number, y: number) => ruler.offset(origin, x, y);

function building(x: number, y: number, w: number, h: number): Feature {
	const ring = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h), at(x, y)];
	return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } };
}
const pointAt = (x: number, y: number): Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at(x, y) } });

describe('coveredMaskFromPoints', () => {
	it('gives the same mask as the target-side search on random buildings, points and radii', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.double({ min: 0, max: 800, noNaN: true }), fc.double({ min: 0, max: 800, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 80 }),
				fc.array(fc.tuple(fc.double({ min: -100, max: 900, noNaN: true }), fc.double({ min: -100, max: 900, noNaN: true })), { maxLength: 20 }),
				fc.double({ min: 0, max: 200, noNaN: true }),
				(targets, points, radius) => {
					const set = prepareTargets(targets.map(([x, y, size, poly]) => (poly ? building(x, y, size + 1, size / 2 + 1) : pointAt(x, y))));
					const layer = pointLayerOf(points.map(([x, y]) => pointAt(x, y)));
					expect(Array.from(coveredMaskFromPoints(layer, set, radius))).toEqual(Array.from(coveredMaskFromTargets(layer, set, radius)));
				}
			),
			{ numRuns: 200 }
		);
	});

	it('counts a building whose edge is exactly R away, and not one a metre farther', () => {
		const set = prepareTargets([building(70, -5, 10, 10), building(71.01, 20, 10, 10)]);
		expect(Array.from(coveredMaskFromPoints(pointLayerOf([pointAt(0, 0)]), set, 70))).toEqual([1, 0]);
	});
});
