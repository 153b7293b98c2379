/**
 * Hardening rates on the Helsinki OSM extract checked against independent computations: the
 * extract's own `length_m` and `surface_class` for the overall figures, and a Turf lineSplit clip
 * for per-zone lengths.
 */
import { describe, expect, it } from 'vitest';
import { along, bbox, booleanPointInPolygon, flatten, length, lineSplit } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { roadClassOf } from '../domain/road-class';
import { hardeningRates } from './hardening-rate';
import { readFixture } from './fixtures/read-fixture';

const read = <T>(relative: string): T => readFixture<T>(new URL(relative, import.meta.url));

const DIR = '../../../tests/fixtures/osm/helsinki_centre/';
const roads = read<FeatureCollection<LineString>>(`${DIR}roads.geojson`);
const zones = read<FeatureCollection<MultiPolygon>>(`${DIR}zones.geojson`);
const result = hardeningRates(roads, zones);
const counted = roads.features.filter((r) => roadClassOf(r.properties) !== null);

describe('hardening overall on Helsinki, against the extract’s length_m and surface_class', () => {
	// The extract classes `surface` itself: hard / soft / unknown. It differs from the shared rule
	// (domain/surface.ts, the OSM wiki's paved/unpaved lists) on two values it calls hard that the
	// rule leaves unknown: `stone` (not an OSM surface value) and the list `paved;cobblestone`.
	const UNKNOWN_TO_THE_RULE = new Set(['stone', 'paved;cobblestone']);
	const sums = { hard: 0, soft: 0, unknown: 0 };
	for (const r of counted) {
		const p = r.properties!;
		expect(p.hardened).toBeUndefined(); // so surface_class and the rule read the same tag
		const cls = UNKNOWN_TO_THE_RULE.has(p.surface) ? 'unknown' : (p.surface_class as keyof typeof sums);
		sums[cls] += p.length_m;
	}

	it('counts the roads with a road class and skips footways, steps, paths and the rest', () => {
		expect(result.roadsCounted).toBe(counted.length);
		expect(result.roadsSkipped).toBe(roads.features.length - counted.length);
		expect(counted.length).toBeGreaterThan(900);
	});

	it('agrees on hardened, unhardened and unknown length within 1 % (length_m is measured differently)', () => {
		const within1Pct = (ours: number, theirs: number) => expect(Math.abs(ours / theirs - 1)).toBeLessThan(0.01);
		within1Pct(result.hardenedLengthM, sums.hard);
		within1Pct(result.unhardenedLengthM, sums.soft);
		within1Pct(result.unknownLengthM, sums.unknown);
		within1Pct(result.lengthM, sums.hard + sums.soft + sums.unknown);
	});

	it('agrees on the rate within 0.2 percentage points', () => {
		const independent = (100 * sums.hard) / (sums.hard + sums.soft);
		expect(Math.abs(result.ratePct! - independent)).toBeLessThan(0.2);
	});

	it('uses default widths for every road of the extract (OSM width is `width`, not widthM)', () => {
		expect(result.areaFromDefaultWidthM2).toBeCloseTo(result.hardenedAreaM2, 6);
	});
});

describe('hardening per zone on Helsinki, against a Turf lineSplit clip', () => {
	/** Length (m, Turf haversine) of `road` inside `zone`: split at the boundary, keep pieces whose middle is inside. */
	function turfLengthInside(road: Feature<LineString>, zone: Feature<Polygon>): number {
		// Turf's lineSplit adds bbox properties to its arguments: give it copies of the frozen fixtures.
		const pieces = lineSplit(structuredClone(road), structuredClone(zone)).features;
		const parts = pieces.length > 0 ? pieces : [road];
		let sum = 0;
		for (const part of parts) {
			const len = length(part, { units: 'meters' });
			if (len > 0 && booleanPointInPolygon(along(part, len / 2, { units: 'meters' }), zone)) sum += len;
		}
		return sum;
	}

	const overlaps = (a: number[], b: number[]) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

	it('agrees with Turf on every zone: within 1 % where there is road inside, under 1 m where Turf finds none', () => {
		let compared = 0;
		zones.features.forEach((multi, i) => {
			const zone = flatten(structuredClone(multi)).features[0] as Feature<Polygon>;
			const zb = bbox(zone);
			const turfTotal = counted.filter((r) => overlaps(bbox(structuredClone(r)), zb)).reduce((sum, r) => sum + turfLengthInside(r as Feature<LineString>, zone), 0);
			const ours = result.zones[i].lengthM;
			if (turfTotal < 20) {
				expect(ours, `zone #${i}`).toBeLessThan(turfTotal + 1);
				return;
			}
			compared++;
			// Turf measures on a sphere, cheap-ruler on the ellipsoid: about 0.3 % apart at 60° N.
			expect(Math.abs(ours / turfTotal - 1), `zone #${i}: ${ours} m vs Turf ${turfTotal} m`).toBeLessThan(0.01);
		});
		// City blocks hold few roads (streets run between them), but enough zones must be compared.
		expect(compared).toBeGreaterThanOrEqual(5);
	});

	it('never puts more road in a zone than exists overall, and each zone sums its classes', () => {
		for (const z of result.zones) {
			expect(z.lengthM).toBeLessThanOrEqual(result.lengthM);
			expect(z.byClass.reduce((s, c) => s + c.lengthM, 0)).toBeCloseTo(z.lengthM, 6);
		}
	});
});
