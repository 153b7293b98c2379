import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { computeSpacingGaps, spacingGapsOnNetwork } from './gaps';
import { gapIntervals } from './gaps-intervals';
import { resolveBinSpacing } from './gaps-spacing';
import { buildRoadNetwork } from './road-network';
import { pointLayerFromArrays } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { readFixture } from './fixtures/read-fixture';

const read = (path: string): FeatureCollection => readFixture(new URL(path, import.meta.url));
const fixture = (name: string) => [read(`./fixtures/gaps/${name}.bins.geojson`), read(`./fixtures/gaps/${name}.roads.geojson`)] as const;


/** Fixture coordinates are metres east/north of 24.94 E, 60.17 N (see the fixture files). */
const at = (x: number, y: number) => rulerAt(60.17).offset([24.94, 60.17], x, y);

describe('gapIntervals', () => {
	it('keeps what the ends and the bins on the edge leave uncovered', () => {
		// L = 100, h = 20: from-end 5 m from a bin covers [0, 15], to-end 30 m away covers nothing,
		// a bin at 50 covers [30, 70] → gaps [15, 30] and [70, 100].
		expect(gapIntervals(100, 5, 30, [50], 20)).toEqual([[15, 30], [70, 100]]);
		expect(gapIntervals(100, Infinity, Infinity, [], 20)).toEqual([[0, 100]]);
		expect(gapIntervals(100, 0, 0, [], 50)).toEqual([]);
	});
});

describe('computeSpacingGaps on hand-made fixtures (fixtures/gaps/)', () => {
	it('straight road: branch S = 400 so h = 200; bins at 100 and 700 m leave 300–500 and 900–1000', () => {
		const [bins, roads] = fixture('straight-road');
		const r = computeSpacingGaps(bins, roads);
		// covered: [100 − 200, 100 + 200] ∪ [700 − 200, 700 + 200] = [0, 300] ∪ [500, 900] of [0, 1000]
		expect(r.roadLengthM).toBeCloseTo(1000, 1);
		expect(r.gapLengthM).toBeCloseTo(300, 1); // 200 + 100
		expect(r.gaps).toBe(2);
		expect([r.snappedBins, r.unsnappedBins]).toEqual([2, 1]); // the bin 30 m off the road is beyond snap 20
		expect(r.byClass.branch).toEqual({ roadLengthM: 1000, gapLengthM: 300, spacingM: 400 });
		const [first, second] = r.gapLines.features;
		expect(first.properties).toEqual({ roadClass: 'branch', lengthM: 200, spacingM: 400 });
		expect(first.geometry.coordinates[0][0]).toBeCloseTo(at(300, 0)[0], 9);
		expect(first.geometry.coordinates.at(-1)![0]).toBeCloseTo(at(500, 0)[0], 9);
		expect(second.properties.lengthM).toBeCloseTo(100, 1);
	});

	it('straight road: a wider snap takes the bin at 400 m in, a rules override changes h', () => {
		const [bins, roads] = fixture('straight-road');
		// snap 40: bin at 400 covers [200, 600]; union [0, 900] leaves only 900–1000
		const snapped = computeSpacingGaps(bins, roads, { snapM: 40 });
		expect([snapped.gapLengthM, snapped.gaps]).toEqual([100, 1]);
		// branch S = 1000 → h = 500: [0, 600] ∪ [200, 1200] covers everything
		expect(computeSpacingGaps(bins, roads, { binSpacingM: { branch: 1000 } }).gapLengthM).toBe(0);
	});

	it('T-junction: one bin on the junction covers 100 m each way on the secondary road, 200 m up the branch', () => {
		const [bins, roads] = fixture('t-junction');
		const r = computeSpacingGaps(bins, roads);
		// secondary S = 200 → h = 100: road 0–400, bin at 200 → gaps 0–100 and 300–400 (200 m)
		// branch S = 400 → h = 200: stem 0–300 from the junction → gap 200–300 (100 m)
		expect(r.byClass.secondary).toEqual({ roadLengthM: 400, gapLengthM: 200, spacingM: 200 });
		expect(r.byClass.branch).toEqual({ roadLengthM: 300, gapLengthM: 100, spacingM: 400 });
		expect(r.gapLengthM).toBe(300);
		expect(r.gaps).toBe(3);
	});

	it('dead end: distance runs along the network, not across to the nearby back alley', () => {
		const [bins, roads] = fixture('dead-end');
		const r = computeSpacingGaps(bins, roads);
		// branch 0–400 with the bin at 0, h = 200 → gap 200–400 (200 m).
		// The alley leaves the branch at 400 m (network distance 400 > h = 200), runs 20 m north and
		// 300 m back west to a dead end only ~102 m from the bin as the crow flies: all 320 m are a gap.
		expect(r.byClass.branch.gapLengthM).toBe(200);
		expect(r.byClass.alley).toEqual({ roadLengthM: 320, gapLengthM: 320, spacingM: 400 });
		expect(r.roadLengthM).toBe(720);
		expect(r.gapLengthM).toBe(520);
		// The class changes at the alley's mouth, so two stretches; the alley's bend joins its two edges.
		expect(r.gaps).toBe(2);
		expect(r.gapLines.features.find((f) => f.properties.roadClass === 'alley')!.geometry.coordinates).toHaveLength(3);
	});

	it('road with no bin: the whole counted road is one gap; the footway is not a counted road', () => {
		const [bins, roads] = fixture('no-bin');
		const r = computeSpacingGaps(bins, roads);
		// highway=pedestrian → commercial, 300 m, vertex at 150 m joins the two edges into one stretch
		expect(r.roadLengthM).toBe(300);
		expect(r.gapLengthM).toBe(300);
		expect(r.gaps).toBe(1);
		expect(r.byClass.commercial).toEqual({ roadLengthM: 300, gapLengthM: 300, spacingM: 100 });
	});

	it('assigns each edge to the zone containing its midpoint', () => {
		const [bins, roads] = fixture('straight-road');
		const zones = read('./fixtures/coverage/at-radius.zones.geojson');
		const r = computeSpacingGaps(bins, roads, { zones });
		// South spans x −200..200: only the edge 0–250 (midpoint 125) is in it, and 0–300 is covered.
		expect(r.zones).toEqual([
			{ id: 'south', name: 'South', roadLengthM: 250, gapLengthM: 0 },
			{ id: 'north', name: 'North', roadLengthM: 0, gapLengthM: 0 }
		]);
	});

	it('rejects bad rules and non-line roads', () => {
		expect(() => resolveBinSpacing({ lane: 100 })).toThrow(RangeError);
		expect(() => resolveBinSpacing({ alley: -1 })).toThrow(RangeError);
		const [bins] = fixture('straight-road');
		expect(() => computeSpacingGaps(bins, bins)).toThrow(/LineString/);
	});
});

describe('computeSpacingGaps properties on the Helsinki extract', () => {
	const dir = '../../../tests/fixtures/osm/helsinki_centre/';
	const roads = read(`${dir}roads.geojson`);
	const bins = read(`${dir}bins.geojson`).features as Feature<Point>[];
	const net = buildRoadNetwork(roads);
	const vertices = roads.features.flatMap((f) => (f.geometry.type === 'LineString' ? f.geometry.coordinates : []));
	const layerOf = (points: number[][]) => pointLayerFromArrays(Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]));

	it('gaps never grow when a bin is added', () => {
		const jitter = fc.double({ min: -0.0003, max: 0.0003, noNaN: true });
		fc.assert(
			fc.property(fc.subarray(bins), fc.nat(vertices.length - 1), jitter, jitter, (subset, v, dx, dy) => {
				const points = subset.map((b) => b.geometry.coordinates);
				const before = spacingGapsOnNetwork(net, layerOf(points));
				const after = spacingGapsOnNetwork(net, layerOf([...points, [vertices[v][0] + dx, vertices[v][1] + dy]]));
				expect(after.gapLengthM).toBeLessThanOrEqual(before.gapLengthM);
				for (const c of Object.keys(before.byClass) as (keyof typeof before.byClass)[]) {
					expect(after.byClass[c].gapLengthM).toBeLessThanOrEqual(before.byClass[c].gapLengthM);
				}
			}),
			{ numRuns: 20 }
		);
	});
});
