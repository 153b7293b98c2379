import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { assignPointsToZones, OUTSIDE_ALL_ZONES } from './zone-assign';
import { zoneIdOf } from './zone-identity';
import { readFixture } from './fixtures/read-fixture';

const read = <T>(relative: string): T => readFixture<T>(new URL(relative, import.meta.url));

const zones = read<FeatureCollection<Polygon | MultiPolygon>>('./fixtures/zones/zones.geojson');
const points = read<FeatureCollection<Point>>('./fixtures/zones/points.geojson');

describe('assignPointsToZones on the hand-checked fixture', () => {
	// Zones: A = square (0,0)-(2,2) with hole (0.5,0.5)-(1.5,1.5); B = (2,0)-(3,2) sharing x = 2 with A;
	// C = MultiPolygon of (0,3)-(1,4) and (2,3)-(3,4); D = island (0.8,0.8)-(1.2,1.2) in A's hole.
	// Each point's `expectedZone` was worked out by hand from its `label`.
	const result = assignPointsToZones(points, zones);

	it('puts every point where its label says', () => {
		const got = points.features.map((_, i) => {
			const zone = result.zoneOfPoint[i];
			return zone === OUTSIDE_ALL_ZONES ? null : zoneIdOf(zones.features[zone], zone);
		});
		expect(got).toEqual(points.features.map((p) => p.properties?.expectedZone));
	});

	it('counts A 5 (inside, hole edge, outer edge, shared edge, shared corner), B 1, C 2, D 2, outside 3', () => {
		expect(result.counts).toEqual([5, 1, 2, 2]);
		expect(result.outside).toBe(3);
		// 5 + 1 + 2 + 2 + 3 = 13 points: each counted exactly once.
		expect(result.counts.reduce((a, b) => a + b, 0) + result.outside).toBe(points.features.length);
	});

	it('gives the shared-edge points to B when B comes first', () => {
		const swapped = assignPointsToZones(points, [zones.features[1], zones.features[0]]);
		// B now gets (2,1), (2,2) and (2.5,1); A keeps inside, hole edge and outer edge.
		expect(swapped.counts).toEqual([3, 3]);
	});

	it('counts features without a Point geometry as unlocated, not outside', () => {
		const odd: Feature[] = [
			{ type: 'Feature', properties: {}, geometry: null as never },
			{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }
		];
		const r = assignPointsToZones(odd, zones);
		expect(r).toMatchObject({ outside: 0, unlocated: 2, counts: [0, 0, 0, 0] });
		expect(Array.from(r.zoneOfPoint)).toEqual([OUTSIDE_ALL_ZONES, OUTSIDE_ALL_ZONES]);
	});
});

describe('assignPointsToZones against Turf brute force on the Helsinki zones', () => {
	const helsinki = read<FeatureCollection<Polygon | MultiPolygon>>('../../../tests/fixtures/osm/helsinki_centre/zones.geojson');

	/** Independent method: Turf's booleanPointInPolygon over every zone in order, first hit wins. */
	function bruteForce(ps: Feature<Point>[]): number[] {
		return ps.map((p) => helsinki.features.findIndex((z) => booleanPointInPolygon(p, z)));
	}

	it('agrees exactly on 20,000 seeded random points over the extract', () => {
		const rng = seedrandom('helsinki-zones-cross-check');
		// The roads' bbox (summary.json), which contains every zone with a margin around most.
		const [w, s, e, n] = [24.93519, 60.16416, 24.95341, 60.17911];
		const ps: Feature<Point>[] = Array.from({ length: 20_000 }, () => ({
			type: 'Feature',
			properties: {},
			geometry: { type: 'Point', coordinates: [w + rng() * (e - w), s + rng() * (n - s)] }
		}));
		const expected = bruteForce(ps);
		const got = Array.from(assignPointsToZones(ps, helsinki).zoneOfPoint);
		expect(got).toEqual(expected);
		// The sample must exercise both answers, or agreement proves little.
		expect(expected.filter((z) => z >= 0).length).toBeGreaterThan(1_000);
		expect(expected.filter((z) => z < 0).length).toBeGreaterThan(1_000);
	});

	it('agrees exactly on every zone vertex (points exactly on boundaries, some shared by two zones)', () => {
		const ps: Feature<Point>[] = helsinki.features.flatMap((z) =>
			(z.geometry as MultiPolygon).coordinates.flat(2).map((c) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: c } }))
		);
		const expected = bruteForce(ps);
		expect(expected.every((z) => z >= 0)).toBe(true);
		expect(Array.from(assignPointsToZones(ps, helsinki).zoneOfPoint)).toEqual(expected);
	});
});
