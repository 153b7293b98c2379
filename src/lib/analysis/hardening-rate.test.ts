import { describe, expect, it } from 'vitest';
import CheapRuler from 'cheap-ruler';
import type { FeatureCollection, LineString, Polygon } from 'geojson';
import { hardeningRates } from './hardening-rate';
import { readFixture } from './fixtures/read-fixture';

const read = <T>(relative: string): T => readFixture<T>(new URL(relative, import.meta.url));

const roads = read<FeatureCollection<LineString>>('./fixtures/hardening/roads.geojson');
const zones = read<FeatureCollection<Polygon>>('./fixtures/hardening/zones.geojson');

// Every fixture road runs east–west within 0.002° of the equator, so its length is Δlon × K with
// K = metres per degree of longitude there (cos(0.002°) differs from 1 by 6e-10: negligible).
const K = new CheapRuler(0, 'meters').kx; // ≈ 111,319 m per degree
const m = (deg: number) => deg * K;

describe('hardeningRates on the hand-checked fixture', () => {
	const result = hardeningRates(roads, zones);

	it('skips the footway and counts six roads', () => {
		expect(result.roadsCounted).toBe(6);
		expect(result.roadsSkipped).toBe(1);
	});

	it('sums whole roads overall: hardened 0.0008 + 0.001 + 0.0006°, unhardened 0.001 + 0.0014°, unknown 0.0002°', () => {
		expect(result.hardenedLengthM).toBeCloseTo(m(0.0024), 5);
		expect(result.unhardenedLengthM).toBeCloseTo(m(0.0024), 5);
		expect(result.unknownLengthM).toBeCloseTo(m(0.0002), 5);
		expect(result.lengthM).toBeCloseTo(m(0.005), 5);
		// 0.0024 / (0.0024 + 0.0024): the unknown alley is left out of the rate.
		expect(result.ratePct).toBeCloseTo(50, 6);
		expect(result.meetsTarget).toBe(false);
	});

	it('takes hardened area from own or default widths and says which part was defaulted', () => {
		// Branch: own 6 m; secondary: default 8 m; field-hardened alley: default 3 m.
		expect(result.hardenedAreaM2).toBeCloseTo(m(0.0008) * 6 + m(0.001) * 8 + m(0.0006) * 3, 4);
		expect(result.areaFromDefaultWidthM2).toBeCloseTo(m(0.001) * 8 + m(0.0006) * 3, 4);
	});

	it('clips to the square: whole branch, half the main road, the alley less the hole and the part west of the edge', () => {
		const square = result.zones[0];
		expect(square).toMatchObject({ id: 'square', name: 'Square 0.001° with a hole 0.0004–0.0006°' });
		// Branch 0.0001→0.0009 inside: 0.0008°. Main 0.0005→0.0015 crosses the edge at 0.001: 0.0005°.
		// Alley −0.0005→0.0009 at lat 0.0005: inside 0→0.0004 and 0.0006→0.0009 (hole 0.0004–0.0006): 0.0007°.
		// Unknown alley 0.0001→0.0003: 0.0002°.
		expect(square.hardenedLengthM).toBeCloseTo(m(0.0008), 5);
		expect(square.unhardenedLengthM).toBeCloseTo(m(0.0005 + 0.0007), 5);
		expect(square.unknownLengthM).toBeCloseTo(m(0.0002), 5);
		expect(square.lengthM).toBeCloseTo(m(0.0022), 5);
		// 0.0008 / (0.0008 + 0.0012) = 40 %.
		expect(square.ratePct).toBeCloseTo(40, 6);
		expect(square.meetsTarget).toBe(false);
	});

	it('gives the square per-class figures with the 90 % and alley 100 % targets', () => {
		const byClass = Object.fromEntries(result.zones[0].byClass.map((c) => [c.roadClass, c]));
		expect(Object.keys(byClass)).toEqual(['main', 'branch', 'alley']);
		expect(byClass.branch).toMatchObject({ ratePct: 100, targetPct: 90, meetsTarget: true });
		expect(byClass.main).toMatchObject({ ratePct: 0, targetPct: 90, meetsTarget: false });
		// Gravel alley 0.0007° unhardened, the unknown alley excluded: 0 % against 100 %.
		expect(byClass.alley).toMatchObject({ ratePct: 0, targetPct: 100, meetsTarget: false });
		expect(byClass.alley.unknownLengthM).toBeCloseTo(m(0.0002), 5);
	});

	it('clips to east: the other half of the main road and the field-hardened alley', () => {
		const east = result.zones[1];
		expect(east.unhardenedLengthM).toBeCloseTo(m(0.0005), 5);
		expect(east.hardenedLengthM).toBeCloseTo(m(0.0006), 5);
		// 0.0006 / 0.0011 = 54.5 %: below 90 % though its alleys are at 100 %.
		expect(east.ratePct).toBeCloseTo((100 * 6) / 11, 6);
		expect(east.byClass.find((c) => c.roadClass === 'alley')).toMatchObject({ ratePct: 100, meetsTarget: true });
		expect(east.meetsTarget).toBe(false);
	});

	it('meets the target only when the rate reaches it and alleys reach theirs', () => {
		const lowered = hardeningRates(roads, zones, { targetPct: 50, alleyTargetPct: 100 });
		expect(lowered.zones[1].meetsTarget).toBe(true); // 54.5 % ≥ 50 %, alleys 100 %
		expect(lowered.meetsTarget).toBe(false); // 50 % overall, but alleys 0.0006 / 0.002 = 30 %
		expect(hardeningRates(roads, zones, { targetPct: 50, alleyTargetPct: 30 }).meetsTarget).toBe(true);
	});

	it('reports a null rate when no road has a known surface, and no zones when none are given', () => {
		const unknownOnly = hardeningRates([roads.features[4]]);
		expect(unknownOnly).toMatchObject({ ratePct: null, meetsTarget: null, zones: [] });
		expect(unknownOnly.byClass[0]).toMatchObject({ roadClass: 'alley', ratePct: null, meetsTarget: null });
		expect(hardeningRates([])).toMatchObject({ lengthM: 0, ratePct: null, roadsCounted: 0 });
	});
});
