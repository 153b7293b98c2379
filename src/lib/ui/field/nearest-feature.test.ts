import { describe, expect, it } from 'vitest';
import { circlePolygon, nearestLine, nearestPoint } from './nearest-feature';
import CheapRuler from 'cheap-ruler';

const ruler = new CheapRuler(40, 'meters');
const roads = Object.freeze([
	{ id: 1, geometry: { type: 'LineString' as const, coordinates: [[116.35, 40], [116.351, 40]] } },
	{ id: 2, geometry: { type: 'LineString' as const, coordinates: [[116.35, 40.0005], [116.351, 40.0005]] } }
]);

describe('nearestLine', () => {
	it('finds the closest road and the closest point on it', () => {
		const at = ruler.offset([116.3505, 40], 0, 10);
		const n = nearestLine(roads, at)!;
		expect(n.item.id).toBe(1);
		expect(n.distanceM).toBeCloseTo(10, 1);
		expect(n.point[1]).toBeCloseTo(40, 9);
	});

	it('gives nothing beyond the distance limit', () => {
		expect(nearestLine(roads, ruler.offset([116.3505, 40], 0, -100), 50)).toBeNull();
	});
});

describe('nearestPoint', () => {
	it('skips features that are not points', () => {
		const items = [...roads, { id: 3, geometry: { type: 'Point' as const, coordinates: [116.352, 40] } }];
		expect(nearestPoint(items, [116.3505, 40])!.item.id).toBe(3);
	});
});

describe('circlePolygon', () => {
	it('draws a closed ring at the radius', () => {
		const ring = circlePolygon([116.35, 40], 25).coordinates[0];
		expect(ring[0]).toEqual(ring.at(-1));
		for (const p of ring) expect(ruler.distance([116.35, 40], p as [number, number])).toBeCloseTo(25, 1);
	});
});
