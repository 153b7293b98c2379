import * as turf from '@turf/turf';
import CheapRuler from 'cheap-ruler';
import type { Feature, LineString, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { patrolShare } from './patrol-share';

const LAT = 30.25;
const LON = 120.15;
const ruler = new CheapRuler(LAT, 'meters');
/** A position `east` and `north` metres from the origin. */
const at = (east: number, north: number): Position => ruler.offset([LON, LAT], east, north);
const road = (...pts: Position[]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: pts } });
const square = (w: number, s: number, e: number, n: number): Polygon => ({ type: 'Polygon', coordinates: [[at(w, s), at(e, s), at(e, n), at(w, n), at(w, s)]] });

describe('patrol share', () => {
	it('a hand case: 200 m of road, a track 10 m beside its first 100 m', () => {
		const zone = square(-50, -50, 250, 50);
		const track: LineString = { type: 'LineString', coordinates: [at(0, 10), at(100, 10)] };
		const r = patrolShare(zone, [road(at(0, 0), at(200, 0))], track);
		// Walked: the 100 m beside the track, and past its end while the end is within 25 m:
		// √(25² − 10²) = 22.91 m. 122.91 of 200 m = 61.46 %.
		expect(r.roadM).toBeCloseTo(200, 0);
		expect(r.walkedM).toBeCloseTo(122.91, 0);
		expect(r.walkedPct).toBeCloseTo(61.46, 0);
		expect(r.walked).toHaveLength(1);
		expect(r.unwalked).toHaveLength(1);
	});

	it('counts only the road inside the zone', () => {
		// The road runs 0…200 m, the zone ends at 150 m; the track walks all of it.
		const r = patrolShare(square(-50, -50, 150, 50), [road(at(0, 0), at(200, 0))], { type: 'LineString', coordinates: [at(0, 0), at(200, 0)] });
		expect(r.roadM).toBeCloseTo(150, 0);
		expect(r.walkedM).toBeCloseTo(150, 0);
	});

	it('no track walks nothing; a zone without roads has no share', () => {
		const zone = square(-50, -50, 250, 50);
		expect(patrolShare(zone, [road(at(0, 0), at(200, 0))], null)).toMatchObject({ walkedM: 0, walkedPct: 0 });
		expect(patrolShare(zone, [], null)).toMatchObject({ roadM: 0, walkedM: 0, walkedPct: null });
	});

	it('agrees with densified sampling measured by Turf on a street grid and a wandering track', () => {
		const zone = square(0, 0, 400, 300);
		// A grid: three east–west streets and four north–south ones, running past the zone's edges.
		const roads = [
			...[50, 150, 250].map((n) => road(at(-60, n), at(460, n))),
			...[40, 140, 260, 380].map((e) => road(at(e, -40), at(e, 340)))
		];
		// A track wandering along some streets, cutting across blocks, with a loop.
		const track: LineString = {
			type: 'LineString',
			coordinates: [at(30, 40), at(145, 55), at(150, 140), at(270, 160), at(255, 250), at(120, 240), at(45, 200), at(50, 120), at(200, 100), at(390, 290)]
		};
		const r = patrolShare(zone, roads, track);

		// Independent: clip each road to the zone with Turf, walk it in 0.5 m steps, and keep the
		// steps whose midpoint Turf finds within 25 m of the track.
		const zoneFeature = turf.polygon(zone.coordinates);
		const trackFeature = turf.lineString(track.coordinates);
		let roadM = 0, walkedM = 0;
		const step = 0.0005; // km
		for (const rd of roads) {
			for (const piece of turf.lineSplit(rd, zoneFeature).features.length ? turf.lineSplit(rd, zoneFeature).features : [rd]) {
				const mid = turf.along(piece, turf.length(piece) / 2);
				if (!turf.booleanPointInPolygon(mid, zoneFeature)) continue;
				const len = turf.length(piece);
				roadM += len * 1000;
				for (let d = 0; d < len; d += step) {
					const p = turf.along(piece, Math.min(len, d + step / 2));
					if (turf.pointToLineDistance(p, trackFeature, { units: 'meters' }) <= 25) walkedM += Math.min(step, len - d) * 1000;
				}
			}
		}
		// Turf measures on a sphere, cheap-ruler on the ellipsoid: they differ by a few parts per thousand here.
		expect(Math.abs(r.roadM - roadM) / roadM).toBeLessThan(0.005);
		expect(Math.abs(r.walkedM - walkedM) / walkedM).toBeLessThan(0.01);
		expect(r.walkedM).toBeGreaterThan(300);
		expect(r.walkedM).toBeLessThan(r.roadM);
		// Every metre is walked or not, once.
		const sum = (lines: Position[][]) => lines.reduce((s, l) => s + ruler.lineDistance(l as [number, number][]), 0);
		expect(sum(r.walked)).toBeCloseTo(r.walkedM, -1);
		expect(sum(r.walked) + sum(r.unwalked)).toBeCloseTo(r.roadM, -1);
	});
});
