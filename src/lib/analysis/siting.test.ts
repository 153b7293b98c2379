import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, FeatureCollection } from 'geojson';
import { suggestSites } from './siting';
import { rulerAt } from '../geo/ruler-at';
import { readFixture } from './fixtures/read-fixture';

const read = (path: string): FeatureCollection => readFixture(new URL(path, import.meta.url));


describe('suggestSites on the one-road fixture (fixtures/siting/)', () => {
	// Road x 0–200 m; targets (R = 70): three households at (140|150|160, 30), two at (0, −60).
	// A site at x covers (160, 30) when |x − 160| ≤ √(70² − 30²) = 63.2, i.e. x ≥ 96.8, and (0, −60)
	// when x ≤ √(70² − 60²) = 36.1: no site covers both groups. The first candidate (every 10 m) to
	// cover all three at y = 30 is x = 100 → gain 3; the second site then takes the 2 households.
	const roads = read('./fixtures/siting/one-road.roads.geojson');
	const targets = read('./fixtures/siting/one-road.targets.geojson');
	const x100 = rulerAt(60.17).offset([24.94, 60.17], 100, 0);

	it('greedy picks the site covering the most households first', async () => {
		const one = await suggestSites([], targets, roads, { count: 1, radiusM: 70 });
		expect([one.coveredBefore, one.gain, one.coveredAfter, one.method, one.optimalityGapPct]).toEqual([0, 3, 3, 'greedy', null]);
		expect(one.sites[0].lon).toBeCloseTo(x100[0], 9);
		expect(one.sites[0].lat).toBeCloseTo(x100[1], 9);
		const two = await suggestSites([], targets, roads, { count: 2, radiusM: 70 });
		expect(two.sites.map((s) => s.gain)).toEqual([3, 2]);
		// Nothing is left to cover, so a third site is not proposed.
		expect((await suggestSites([], targets, roads, { count: 3, radiusM: 70 })).sites).toHaveLength(2);
	});

	it('exact mode proves the same answer optimal', async () => {
		const r = await suggestSites([], targets, roads, { count: 1, radiusM: 70, method: 'exact' });
		expect([r.gain, r.method, r.optimalityGapPct]).toEqual([3, 'exact', 0]);
	});

	it('keeps existing bins: households already covered do not count again', async () => {
		const bin: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: x100 } };
		const r = await suggestSites([bin], targets, roads, { count: 1, radiusM: 70 });
		expect([r.coveredBefore, r.gain, r.coveredAfter]).toEqual([3, 2, 5]);
	});
});

describe('greedy against the exact optimum on small windows of the Helsinki extract', () => {
	const dir = '../../../tests/fixtures/osm/helsinki_centre/';
	const roads = read(`${dir}roads.geojson`);
	const bins = read(`${dir}bins.geojson`);
	const addresses = read(`${dir}addresses.geojson`);
	const inBox = (c: number[], [x0, y0, x1, y1]: number[]) => c[0] >= x0 && c[0] <= x1 && c[1] >= y0 && c[1] <= y1;
	const window = (f: Feature, box: number[]) =>
		f.geometry.type === 'Point' ? inBox(f.geometry.coordinates, box) : f.geometry.type === 'LineString' && f.geometry.coordinates.some((c) => inBox(c, box));

	it('greedy ≥ (1 − 1/e) · optimum, and exact ≥ greedy', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.double({ min: 24.937, max: 24.951, noNaN: true }),
				fc.double({ min: 60.166, max: 60.177, noNaN: true }),
				fc.integer({ min: 1, max: 4 }),
				async (lon, lat, count) => {
					const box = [lon - 0.002, lat - 0.001, lon + 0.002, lat + 0.001]; // about 220 × 220 m
					const pick = (layer: FeatureCollection) => layer.features.filter((f) => window(f, box));
					const options = { count, radiusM: 70, spacingM: 20, timeLimitS: 20 };
					const greedy = await suggestSites(pick(bins), pick(addresses), pick(roads), options);
					const exact = await suggestSites(pick(bins), pick(addresses), pick(roads), { ...options, method: 'exact' });
					expect(exact.optimalityGapPct).toBe(0);
					expect(exact.gain).toBeGreaterThanOrEqual(greedy.gain);
					expect(greedy.gain).toBeGreaterThanOrEqual((1 - 1 / Math.E) * exact.gain - 1e-9);
				}
			),
			{ numRuns: 8 }
		);
	}, 60_000);
});
