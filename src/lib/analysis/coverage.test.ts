import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { booleanPointInPolygon, distance, lineString, pointToLineDistance } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { computeCoverage } from './coverage';
import { readFixture } from './fixtures/read-fixture';

const read = (path: string): FeatureCollection => readFixture(new URL(path, import.meta.url));
const helsinki = (layer: string) => read(`../../../tests/fixtures/osm/helsinki_centre/${layer}.geojson`);


describe('computeCoverage on the hand-made fixture (fixtures/coverage/at-radius.*)', () => {
	// One bin at the origin; targets laid out in metres east/north of it:
	//   A point (70, 0) households 3     → exactly R = 70: covered
	//   B point (0, 70) households 2     → exactly R: covered
	//   C point (0, −70.5) households 4  → 0.5 m beyond R: not covered
	//   D square x 70..90, y −10..10     → nearest edge at x = 70: exactly R, covered
	//   E square x −30..30, y 100..160   → nearest edge 100 m away: not covered
	//   F square x −10..10, y −10..10    → contains the bin, distance 0: covered
	const bins = read('./fixtures/coverage/at-radius.bins.geojson');
	const targets = read('./fixtures/coverage/at-radius.targets.geojson');
	const zones = read('./fixtures/coverage/at-radius.zones.geojson');

	it('counts targets exactly at R as covered and reports weighted figures', () => {
		const r = computeCoverage(bins, targets, { radiusM: 70 });
		expect(r.targets).toBe(6);
		expect(r.covered).toBe(4); // A, B, D, F
		expect(r.coveredPct).toBe(66.67); // 4 / 6
		expect(r.weightedTargets).toBe(12); // 3 + 2 + 4 + 1 + 1 + 1
		expect(r.weightedCovered).toBe(7); // 3 + 2 + 1 + 1
		expect(r.uncovered.features.map((f) => f.properties!.label)).toEqual(['C', 'E']);
		expect(r.uncoveredIndices).toEqual([2, 4]);
	});

	it('shrinks and grows with the radius: 69.9 m keeps only F, the 120 m collection-point radius takes all', () => {
		expect(computeCoverage(bins, targets, { radiusM: 69.9 }).covered).toBe(1);
		const wide = computeCoverage(bins, targets, { radiusM: 120 }); // C at 70.5 m, E at 100 m
		expect([wide.covered, wide.coveredPct, wide.weightedCovered]).toEqual([6, 100, 12]);
	});

	it('reports per zone by centroid: South has A, C, D, F (3 covered), North has B, E (1 covered)', () => {
		const r = computeCoverage(bins, targets, { radiusM: 70, zones });
		expect(r.zones).toEqual([
			{ id: 'south', name: 'South', targets: 4, covered: 3, coveredPct: 75, weightedTargets: 9, weightedCovered: 5 },
			{ id: 'north', name: 'North', targets: 2, covered: 1, coveredPct: 50, weightedTargets: 3, weightedCovered: 2 }
		]);
	});

	it('covers nothing without bins and rejects non-point bins', () => {
		expect(computeCoverage([], targets, { radiusM: 70 }).covered).toBe(0);
		expect(() => computeCoverage(targets, targets, { radiusM: 70 })).toThrow(/expected Point or MultiPoint/);
	});
});

/** Independent reference: Turf on every target × bin pair (haversine on a sphere). */
function bruteForceDistances(bins: FeatureCollection, targets: FeatureCollection): number[] {
	const binPoints = bins.features as Feature<Point>[];
	return targets.features.map((t) => {
		let best = Infinity;
		for (const b of binPoints) {
			let d: number;
			if (t.geometry.type === 'Point') d = distance(b, t.geometry.coordinates, { units: 'meters' });
			else {
				const poly = t as Feature<Polygon | MultiPolygon>;
				const polygons = poly.geometry.type === 'Polygon' ? [poly.geometry.coordinates] : poly.geometry.coordinates;
				d = booleanPointInPolygon(b, poly)
					? 0
					: Math.min(...polygons.flat().map((ring) => pointToLineDistance(b, lineString(ring), { units: 'meters' })));
			}
			if (d < best) best = d;
		}
		return best;
	});
}

describe('computeCoverage against a brute-force Turf scan on the Helsinki extract', () => {
	const bins = helsinki('bins');
	for (const layer of ['buildings', 'addresses']) {
		it(`agrees on ${layer} at 70 m and 120 m, differing only within the two distance models' 0.5 % tolerance`, () => {
			const targets = helsinki(layer);
			const reference = bruteForceDistances(bins, targets);
			for (const radiusM of [70, 120]) {
				const r = computeCoverage(bins, targets, { radiusM });
				const uncovered = new Set(r.uncoveredIndices);
				let agree = 0;
				reference.forEach((d, i) => {
					const ours = !uncovered.has(i);
					if (ours === d <= radiusM) agree++;
					// Turf measures on a sphere, we on the WGS84 ellipsoid (cheap-ruler): they differ by
					// up to ~0.5 %, so only targets that close to the radius may be judged differently.
					else expect(Math.abs(d - radiusM)).toBeLessThan(0.005 * radiusM);
				});
				console.log(`coverage cross-check ${layer} R=${radiusM}: ${agree}/${reference.length} agree (${((100 * agree) / reference.length).toFixed(2)} %)`);
				expect(agree / reference.length).toBeGreaterThanOrEqual(0.99);
			}
		});
	}
});

describe('computeCoverage properties on the Helsinki extract', () => {
	const bins = helsinki('bins');
	const targets = helsinki('addresses');
	const binSubset = fc.subarray(bins.features as Feature[]);

	it('never falls when the radius grows', () => {
		fc.assert(
			fc.property(binSubset, fc.double({ min: 0, max: 150, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (subset, r, extra) => {
				const small = computeCoverage(subset, targets, { radiusM: r });
				const large = computeCoverage(subset, targets, { radiusM: r + extra });
				expect(large.covered).toBeGreaterThanOrEqual(small.covered);
				expect(large.weightedCovered).toBeGreaterThanOrEqual(small.weightedCovered);
			}),
			{ numRuns: 25 }
		);
	});

	it('never falls when a bin is added', () => {
		const [minX, minY, maxX, maxY] = [24.935, 60.164, 24.954, 60.179];
		const extraBin = fc.tuple(fc.double({ min: minX, max: maxX, noNaN: true }), fc.double({ min: minY, max: maxY, noNaN: true }));
		fc.assert(
			fc.property(binSubset, extraBin, fc.double({ min: 10, max: 150, noNaN: true }), (subset, [lon, lat], radiusM) => {
				const before = computeCoverage(subset, targets, { radiusM });
				const added: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } };
				const after = computeCoverage([...subset, added], targets, { radiusM });
				expect(after.covered).toBeGreaterThanOrEqual(before.covered);
			}),
			{ numRuns: 25 }
		);
	});
});
