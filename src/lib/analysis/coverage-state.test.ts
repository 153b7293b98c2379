import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UndoableLayer } from '../../../tests/helpers/undoable-layer';
import type { Feature, Geometry, Point, Polygon } from 'geojson';
import { CoverageState } from './coverage-state';
import { computeCoverage, zonesOfTargets } from './coverage';
import { prepareTargets } from './coverage-targets';

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const ZONES: Feature<Polygon>[] = [
	{ type: 'Feature', id: 1, geometry: square(116.0, 40.0, 0.004), properties: { name: 'A' } },
	{ type: 'Feature', id: 2, geometry: square(116.004, 40.0, 0.004), properties: { name: 'B' } }
];
// Buildings (small squares, some with households) and address points on a 0.001° grid, some outside both zones.
const TARGETS: Feature[] = [];
for (let x = 0; x < 10; x++) {
	for (let y = 0; y < 5; y++) {
		const at = [116.0 + x * 0.001 - 0.0005, 40.0 + y * 0.001 + 0.0003];
		TARGETS.push(
			(x + y) % 3 === 0
				? { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { households: (x * y) % 4 } }
				: { type: 'Feature', geometry: square(at[0], at[1], 0.0002), properties: y === 2 ? { households: 2.5 } : {} }
		);
	}
}
const SET = prepareTargets(TARGETS);

const coordinate = fc.tuple(fc.integer({ min: -3, max: 100 }), fc.integer({ min: -3, max: 50 })).map(([x, y]) => [116.0 + x * 0.0001, 40.0 + y * 0.0001]);
const arbGeometry: fc.Arbitrary<Geometry> = fc.oneof(
	{ weight: 5, arbitrary: coordinate.map((coordinates): Geometry => ({ type: 'Point', coordinates })) },
	{ weight: 1, arbitrary: fc.array(coordinate, { minLength: 1, maxLength: 3 }).map((coordinates): Geometry => ({ type: 'MultiPoint', coordinates })) }
);
const arbStatus = fc.constantFrom('installed', 'installed', 'planned', 'removed', 'damaged');
type Op = { op: 'put'; id: number; geometry: Geometry; status: string } | { op: 'move'; id: number; geometry: Geometry } | { op: 'status'; id: number; status: string } | { op: 'remove'; id: number } | { op: 'undo' };
const arbOp: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ op: fc.constant('put' as const), id: fc.integer({ min: 1, max: 10 }), geometry: arbGeometry, status: arbStatus }) },
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), id: fc.integer({ min: 1, max: 10 }), geometry: arbGeometry }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('status' as const), id: fc.integer({ min: 1, max: 10 }), status: arbStatus }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 10 }) }) },
	{ weight: 1, arbitrary: fc.constant<Op>({ op: 'undo' }) }
);

describe('CoverageState, kept up to date one bin at a time', () => {
	it('answers what computeCoverage answers after every new bin, move, status change, deletion and undo', () => {
		fc.assert(
			fc.property(fc.array(arbOp, { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 50, 120), fc.boolean(), (ops, radiusM, includePlanned) => {
				const serves = (p: Record<string, unknown>) => p.status !== 'removed' && (includePlanned || p.status !== 'planned');
				const layer = new UndoableLayer(new CoverageState(SET, radiusM, zonesOfTargets(SET, ZONES), serves));
				const { state, live } = layer;
				for (const op of ops) {
					layer.step(op, (before): Feature<Geometry> | undefined =>
						op.op === 'put'
							? { type: 'Feature', id: op.id, geometry: op.geometry, properties: { status: op.status } }
							: op.op === 'move'
								? { ...before!, geometry: op.geometry }
								: op.op === 'status'
									? { ...before!, properties: { status: op.status } }
									: undefined
					);
					const serving = [...live.values()].filter((b) => serves(b.properties ?? {}));
					const { uncovered: _u, uncoveredIndices, ...figures } = computeCoverage(serving, TARGETS, { radiusM, zones: ZONES });
					expect(state.size).toBe(live.size);
					expect(state.figures()).toEqual(figures);
					expect(state.uncoveredIndices()).toEqual(uncoveredIndices);
				}
			}),
			{ numRuns: 150, seed: 20261202 }
		);
	});

	it('counts a bin once for a building it reaches twice, and forgets it where it left, by hand', () => {
		// One building 0.0002° square at 40° N; a bin 50 m east of its east edge (0.000585° of longitude).
		const building: Feature = { type: 'Feature', geometry: square(116.0, 40.0, 0.0002), properties: { households: 3 } };
		const set = prepareTargets([building]);
		const state = new CoverageState(set, 70, null);
		const bin = (id: number, x: number): Feature<Point> => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [x, 40.0001] }, properties: {} });
		state.put(bin(1, 116.0002 + 0.000585));
		expect(state.figures()).toMatchObject({ targets: 1, covered: 1, coveredPct: 100, weightedTargets: 3, weightedCovered: 3 });
		// A second bin inside it: still one building covered.
		state.put(bin(2, 116.0001));
		expect(state.figures().covered).toBe(1);
		// The first moves 100 m further east (out of reach); the second is deleted: nothing covers it.
		state.put(bin(1, 116.0002 + 0.00175));
		expect(state.figures().covered).toBe(1);
		state.remove(2);
		expect(state.figures()).toMatchObject({ covered: 0, coveredPct: 0, weightedCovered: 0 });
		expect(state.uncoveredIndices()).toEqual([0]);
		expect(state.serving).toBe(1);
	});

	it('names the uncovered targets whose box meets a view, edges touching included', () => {
		const state = new CoverageState(SET, 70, null);
		state.put({ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [116.002, 40.002] }, properties: {} });
		const uncovered = state.uncoveredIndices();
		expect(uncovered.length).toBeGreaterThan(0);
		expect(uncovered.length).toBeLessThan(SET.count);
		// The west half of the grid, its east edge on the edge of the buildings of column x = 4.
		const view = [115.99, 39.99, 116.0035, 40.01] as const;
		const meets = (i: number) => SET.bbox[i * 4] <= view[2] && SET.bbox[i * 4 + 2] >= view[0] && SET.bbox[i * 4 + 1] <= view[3] && SET.bbox[i * 4 + 3] >= view[1];
		const inView = state.uncoveredIn(view);
		expect(inView).toEqual(uncovered.filter(meets));
		expect(inView.length).toBeLessThan(uncovered.length);
		// Column x = 4 starts at 116.0035: a view ending there still meets its buildings.
		expect(inView.some((i) => SET.bbox[i * 4] === 116.0035)).toBe(true);
		expect(state.uncoveredIn([117, 41, 118, 42])).toEqual([]);
	});
});
