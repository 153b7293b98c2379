import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Geometry, Position } from 'geojson';
import { rulerAt } from '../geo/ruler-at';
import { distanceToTargetM, prepareTargets } from './coverage-targets';
import { targetColumns, targetsFromColumns } from './coverage-targets-saved';

const origin: [number, number] = [116.35, 40.0];
const ruler = rulerAt(origin[1]);
const at = (x: number, y: number) => ruler.offset(origin, x, y) as Position;
const feature = (geometry: Geometry, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties, geometry });
/** What SavedStates does with them: written as bytes, read back. */
const saved = <T>(value: T): T => deserialize(serialize(value)) as T;
/** A shape with its positions cut to x and y, as the columns keep them. */
const flat = (shape: unknown): unknown => (typeof (shape as unknown[])[0] === 'number' ? (shape as number[]).slice(0, 2) : (shape as unknown[]).map(flat));

const coord = fc.double({ min: -300, max: 300, noNaN: true });
const position = fc.tuple(coord, coord, fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined })).map(([x, y, z]) => (z === undefined ? at(x, y) : [...at(x, y), z]));
const ring = fc.array(position, { minLength: 4, maxLength: 7 }).map((ps) => [...ps, ps[0]]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
const geometry: fc.Arbitrary<Geometry> = fc.oneof(
	position.map((coordinates): Geometry => ({ type: 'Point', coordinates })),
	fc.array(position, { minLength: 1, maxLength: 4 }).map((coordinates): Geometry => ({ type: 'MultiPoint', coordinates })),
	polygon.map((coordinates): Geometry => ({ type: 'Polygon', coordinates })),
	fc.array(polygon, { minLength: 1, maxLength: 3 }).map((coordinates): Geometry => ({ type: 'MultiPolygon', coordinates }))
);
const target = fc.tuple(geometry, fc.option(fc.nat(9), { nil: undefined })).map(([g, households]) => feature(g, households === undefined ? {} : { households }));

describe('a target set taken up from its saved columns', () => {
	it('has the same boxes, weights, kinds and shapes (x and y) as the set it was saved from, and the same distances, without reading the layer', () => {
		fc.assert(
			fc.property(fc.array(target, { minLength: 1, maxLength: 12 }), fc.tuple(coord, coord), (targets, [px, py]) => {
				const prepared = prepareTargets(targets);
				let reads = 0;
				const restored = targetsFromColumns(saved(targetColumns(prepared)), () => (reads++, targets));
				expect([restored.count, restored.weight, restored.kind, restored.bbox]).toEqual([prepared.count, prepared.weight, prepared.kind, prepared.bbox]);
				const [x, y] = at(px, py);
				for (let i = 0; i < prepared.count; i++) {
					expect(restored.shapeOf(i)).toEqual(flat(prepared.shapeOf(i)));
					expect(distanceToTargetM(restored, i, x, y)).toBe(distanceToTargetM(prepared, i, x, y));
				}
				expect(reads).toBe(0);
			}),
			{ numRuns: 200 }
		);
	});

	it('reads the layer once, when a feature is first asked for', () => {
		const buildings = [feature({ type: 'Polygon', coordinates: [[at(0, 0), at(10, 0), at(10, 8), at(0, 0)]] }), feature({ type: 'Point', coordinates: at(30, 5) }, { households: 4 })];
		let reads = 0;
		const restored = targetsFromColumns(saved(targetColumns(prepareTargets(buildings))), () => (reads++, buildings));
		expect(restored.weight).toEqual(new Float64Array([1, 4]));
		expect(restored.features).toEqual(buildings);
		expect(restored.features[1]).toBe(buildings[1]);
		expect(reads).toBe(1);
	});

	it('refuses a layer that is not the one its columns were taken from', () => {
		const buildings = [feature({ type: 'Point', coordinates: at(0, 0) }), feature({ type: 'Point', coordinates: at(30, 5) }, { households: 4 })];
		const restored = targetsFromColumns(targetColumns(prepareTargets(buildings)), () => [buildings[0], feature({ type: 'Point', coordinates: at(30, 5) }, { households: 5 })], 'buildings');
		expect(() => restored.features).toThrow(/The buildings read now are not those the saved coverage was counted over/);
	});
});
