import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { aggregateHotspotsByZone } from './zone-aggregate';
import { deepFreeze, readFixture } from './fixtures/read-fixture';

const read = <T>(relative: string): T => readFixture<T>(new URL(relative, import.meta.url));

const zones = read<FeatureCollection<Polygon | MultiPolygon>>('./fixtures/zones/zones.geojson');
const NOW = Date.parse('2024-06-10T00:00:00Z');
const R_KM = 6371.0088; // Turf's mean Earth radius
const DEG = Math.PI / 180;
/** Area of a lon/lat rectangle on the sphere: R² · Δλ · (sin φ2 − sin φ1). */
const rectKm2 = (lon0: number, lat0: number, lon1: number, lat1: number) => R_KM * R_KM * (lon1 - lon0) * DEG * (Math.sin(lat1 * DEG) - Math.sin(lat0 * DEG));

const hotspot = (lon: number, lat: number, properties: Record<string, unknown>): Feature<Point> => ({
	type: 'Feature',
	properties,
	geometry: { type: 'Point', coordinates: [lon, lat] }
});

describe('aggregateHotspotsByZone', () => {
	const hotspots = deepFreeze([
		hotspot(0.25, 1, { status: 'reported', reportedAt: '2024-06-01', dueAt: '2024-06-08' }), // A, overdue
		hotspot(2, 1, { status: 'resolved', reportedAt: '2024-05-02', dueAt: '2024-05-09', resolvedAt: '2024-05-04' }), // A (shared edge), on time
		hotspot(2.5, 1, { status: 'assigned', reportedAt: '2024-05-20' }), // B
		hotspot(1, 1, { status: 'verified', reportedAt: '2024-04-20', dueAt: '2024-04-27', resolvedAt: '2024-05-01' }), // D, late
		hotspot(0.6, 1, { status: 'reported', reportedAt: '2024-05-15' }), // in A's hole: outside
		hotspot(2.5, 3.5, { status: 'reported' }) // C, undated
	]);

	it('counts per zone with densities and measures, and the outside points', () => {
		const r = aggregateHotspotsByZone(hotspots, zones, { now: NOW });
		expect(r.outside).toBe(1);
		expect(r.excludedByDate).toBe(0);
		const [a, b, c, d] = r.zones;
		expect(a).toMatchObject({ id: 'a', name: 'A: square with a hole', count: 2, open: 1, overdue: 1, resolvedOnTimePct: 100, medianDaysToResolve: 2 });
		// A's area: the 2° square minus its 1° hole.
		const aKm2 = rectKm2(0, 0, 2, 2) - rectKm2(0.5, 0.5, 1.5, 1.5);
		expect(a.areaKm2 / aKm2).toBeCloseTo(1, 4);
		expect(a.perKm2).toBeCloseTo(2 / a.areaKm2, 12);
		// population 2500: 2 hotspots → 0.8 per 1,000 residents.
		expect(a.per1000Residents).toBeCloseTo(0.8, 12);
		expect(b).toMatchObject({ id: 'b', count: 1, open: 1, overdue: 0, population: null, per1000Residents: null });
		expect(c).toMatchObject({ id: 2, name: 'C: two separate squares, no id', count: 1 });
		expect(c.areaKm2 / (rectKm2(0, 3, 1, 4) + rectKm2(2, 3, 3, 4))).toBeCloseTo(1, 4);
		expect(d).toMatchObject({ id: 'd', count: 1, open: 0, resolvedOnTimePct: 0, medianDaysToResolve: 11 });
	});

	it('keeps only hotspots reported in [from, to) and leaves out undated ones when a range is given', () => {
		const range = { from: Date.parse('2024-05-01'), to: Date.parse('2024-06-01') };
		const r = aggregateHotspotsByZone(hotspots, zones, { now: NOW, range });
		// In range: 2 May (A), 20 May (B), 15 May (hole). Out: 1 June (= to), 20 April, undated.
		expect(r.zones.map((z) => z.count)).toEqual([1, 1, 0, 0]);
		expect(r.outside).toBe(1);
		expect(r.excludedByDate).toBe(3);
	});

	it('filters on another date field when asked', () => {
		const range = { from: Date.parse('2024-05-01'), to: Date.parse('2024-05-05') };
		const r = aggregateHotspotsByZone(hotspots, zones, { now: NOW, range, dateField: 'resolvedAt' });
		// resolvedAt 4 May (A) and 1 May (D) are in range.
		expect(r.zones.map((z) => z.count)).toEqual([1, 0, 0, 1]);
	});
});
