import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { UndoableLayer } from '../../../tests/helpers/undoable-layer';
import { computeSpacingGaps, gapsBasis, spacingGapsOnNetwork, type SpacingGapOptions } from './gaps';
import { SpacingGapState } from './gaps-state';
import { buildRoadNetwork } from './road-network';
import { pointLayerOf } from '../geo/point-layer';
import { readFixture } from './fixtures/read-fixture';

const read = (path: string): FeatureCollection => readFixture(new URL(path, import.meta.url));
/** Removed bins never count, planned ones as the option says: the service's rule (planning/coverage.ts). */
const countsWith = (includePlanned: boolean) => (p: Record<string, unknown>) => p.status !== 'removed' && (p.status !== 'planned' || includePlanned);

describe('SpacingGapState on a hand-made fixture', () => {
	it('answers the straight road as computeSpacingGaps does, and again after its bins move and go', () => {
		const bins = read('./fixtures/gaps/straight-road.bins.geojson');
		const roads = read('./fixtures/gaps/straight-road.roads.geojson');
		const state = new SpacingGapState(gapsBasis(buildRoadNetwork(roads)), countsWith(false));
		bins.features.forEach((bin, i) => state.put({ ...bin, id: i + 1 }));
		// The fixture's hand-checked figures (gaps.test.ts): 300 m of gap in two stretches, one bin too far off the road.
		expect([state.figures().gapLengthM, state.figures().gaps, state.figures().unsnappedBins]).toEqual([300, 2, 1]);
		// The bin at 700 m moves onto 400 m: [0, 600] is covered, 600–1000 is left.
		const moved = bins.features[1] as Feature<Point>;
		const [first] = bins.features as Feature<Point>[];
		const along = (m: number) => first.geometry.coordinates[0] + ((moved.geometry.coordinates[0] - first.geometry.coordinates[0]) * (m - 100)) / 600;
		state.put({ ...moved, id: 2, geometry: { type: 'Point', coordinates: [along(400), moved.geometry.coordinates[1]] } });
		expect(state.figures().gapLengthM).toBeCloseTo(400, 1);
		expect(state.figures().gaps).toBe(1);
		state.remove(1);
		state.remove(2);
		const { gapLines, ...figures } = computeSpacingGaps([bins.features[2]], roads);
		expect(state.figures()).toEqual(figures);
		expect(state.gapLines()).toEqual(gapLines);
		expect(state.size).toBe(1);
	});
});

describe('SpacingGapState on the Helsinki extract, kept up to date one bin at a time', () => {
	const dir = '../../../tests/fixtures/osm/helsinki_centre/';
	const roads = read(`${dir}roads.geojson`);
	const zones = read(`${dir}zones.geojson`).features.map((f, i) => ({ ...f, id: i + 1, properties: { name: `zone ${i + 1}` } }));
	const realBins = (read(`${dir}bins.geojson`).features as Feature<Point>[]).map((b, i) => ({ ...b, id: i + 1, properties: { status: 'active' } }));
	const net = buildRoadNetwork(roads);
	const vertices = roads.features.flatMap((f) => (f.geometry.type === 'LineString' ? f.geometry.coordinates : []));

	// Within ±40 m of a road vertex: most snap, some are too far.
	const jitter = fc.double({ min: -0.0007, max: 0.0007, noNaN: true });
	const nearRoad = fc.tuple(fc.nat(vertices.length - 1), jitter, jitter).map(([v, dx, dy]) => [vertices[v][0] + dx, vertices[v][1] + dy / 2]);
	const arbGeometry: fc.Arbitrary<Geometry> = fc.oneof(
		{ weight: 5, arbitrary: nearRoad.map((coordinates): Geometry => ({ type: 'Point', coordinates })) },
		{ weight: 1, arbitrary: fc.array(nearRoad, { minLength: 1, maxLength: 3 }).map((coordinates): Geometry => ({ type: 'MultiPoint', coordinates })) }
	);
	const arbStatus = fc.constantFrom('active', 'active', 'full', 'removed', 'planned');
	type Op =
		| { op: 'put'; id: number; geometry: Geometry; status: string; ask: boolean }
		| { op: 'move'; id: number; geometry: Geometry; ask: boolean }
		| { op: 'status'; id: number; status: string; ask: boolean }
		| { op: 'remove'; id: number; ask: boolean }
		| { op: 'undo'; ask: boolean };
	const id = fc.integer({ min: 1, max: realBins.length + 8 });
	const ask = fc.boolean();
	const arbOp: fc.Arbitrary<Op> = fc.oneof(
		{ weight: 2, arbitrary: fc.record({ op: fc.constant('put' as const), id, geometry: arbGeometry, status: arbStatus, ask }) },
		{ weight: 4, arbitrary: fc.record({ op: fc.constant('move' as const), id, geometry: arbGeometry, ask }) },
		{ weight: 2, arbitrary: fc.record({ op: fc.constant('status' as const), id, status: arbStatus, ask }) },
		{ weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), id, ask }) },
		{ weight: 1, arbitrary: fc.record({ op: fc.constant('undo' as const), ask }) }
	);
	const arbOptions: fc.Arbitrary<SpacingGapOptions & { includePlanned: boolean }> = fc.record({
		snapM: fc.constantFrom(20, 35),
		binSpacingM: fc.constantFrom({}, { alley: 60, main: 500 }),
		includePlanned: fc.boolean()
	});

	it('answers what computeSpacingGaps answers, to the last bit, after every create, move, status change, delete and undo', () => {
		fc.assert(
			fc.property(fc.array(arbOp, { minLength: 1, maxLength: 25 }), arbOptions, (ops, { includePlanned, ...options }) => {
				const counts = countsWith(includePlanned);
				const layer = new UndoableLayer<SpacingGapState, Feature<Geometry>>(new SpacingGapState(gapsBasis(net, { ...options, zones }), counts));
				for (const bin of realBins) layer.write(bin.id, bin);
				const { state, live } = layer;
				const check = () => {
					const bins = [...live.values()].filter((b) => counts(b.properties ?? {})).sort((a, b) => Number(a.id) - Number(b.id));
					const { gapLines, ...figures } = spacingGapsOnNetwork(net, pointLayerOf(bins), { ...options, zones });
					expect(state.size).toBe(bins.length);
					expect(state.figures()).toEqual(figures);
					expect(state.gapLines()).toEqual(gapLines);
				};
				check();
				for (const op of ops) {
					layer.step(op, (before) => {
						if (op.op === 'put') return { type: 'Feature', id: op.id, geometry: op.geometry, properties: { status: op.status } };
						if (op.op === 'move') return { ...before!, geometry: op.geometry };
						if (op.op === 'status') return { ...before!, properties: { status: op.status } };
						return undefined;
					});
					if (op.ask) check();
				}
				check();
			}),
			{ numRuns: 40, seed: 20261207 }
		);
	});

	it('answers the same however the bins came in, all at once or changed one by one', () => {
		const spread = new SpacingGapState(gapsBasis(net, { zones }), countsWith(false));
		for (const bin of realBins) spread.put(bin);
		spread.figures();
		// Moving every bin 30 m east and back, asking in between, leaves the figures where they were.
		for (const bin of realBins) {
			spread.put({ ...bin, geometry: { type: 'Point', coordinates: [bin.geometry.coordinates[0] + 0.0005, bin.geometry.coordinates[1]] } });
			spread.figures();
		}
		for (const bin of realBins) spread.put(bin);
		const { gapLines, ...figures } = computeSpacingGaps(realBins, roads, { zones });
		expect(spread.figures()).toEqual(figures);
		expect(spread.gapLines()).toEqual(gapLines);
	});
});
