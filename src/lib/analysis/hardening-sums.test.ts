import { describe, expect, it } from 'vitest';
import { countedRoad } from './hardening-rate';
import { HardeningSums } from './hardening-sums';

const road = (properties: Record<string, unknown>) =>
	countedRoad({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[116, 40], [116.001, 40]] }, properties })!;
const hardenedMain = road({ roadClass: 'main', surface: 'asphalt', widthM: 6 });
const dirtAlley = road({ roadClass: 'alley', surface: 'dirt' });
const alleyDefaultWidth = road({ roadClass: 'alley', surface: 'concrete' });

describe('HardeningSums', () => {
	it('sums lengths and areas per group and class, by hand', () => {
		const sums = new HardeningSums(2);
		sums.add(0, hardenedMain, 100);
		sums.add(0, dirtAlley, 0.1);
		sums.add(0, alleyDefaultWidth, 50);
		const zone = sums.summary(0, 90, 100);
		expect(zone).toMatchObject({ lengthM: 150.1, hardenedLengthM: 150, unhardenedLengthM: 0.1, unknownLengthM: 0, hardenedAreaM2: 600 + 50 * alleyDefaultWidth.widthM, areaFromDefaultWidthM2: 50 * alleyDefaultWidth.widthM });
		expect(zone.ratePct).toBeCloseTo((100 * 150) / 150.1, 9);
		expect(zone.byClass.map((c) => [c.roadClass, c.lengthM, c.meetsTarget])).toEqual([
			['main', 100, true],
			['alley', 50.1, false]
		]);
		// The other group saw nothing.
		expect(sums.summary(1, 90, 100)).toMatchObject({ lengthM: 0, ratePct: null, byClass: [], meetsTarget: null });
	});

	it('is exactly empty again once every road taken away, whatever rounding the additions made', () => {
		const sums = new HardeningSums(1);
		const lengths = [0.1, 0.2, 0.3, 1e9, 1e-9, 7.77];
		for (const l of lengths) sums.add(0, dirtAlley, l);
		sums.add(0, hardenedMain, 12.5);
		for (const l of [...lengths].reverse()) sums.subtract(0, dirtAlley, l);
		const left = sums.summary(0, 90, 100);
		expect(left.unhardenedLengthM).toBe(0);
		expect(left.byClass.map((c) => c.roadClass)).toEqual(['main']);
		expect(left.ratePct).toBe(100);
		sums.subtract(0, hardenedMain, 12.5);
		expect(sums.summary(0, 90, 100)).toMatchObject({ lengthM: 0, hardenedAreaM2: 0, ratePct: null, byClass: [] });
	});

	it('refuses to take away what was never added, and a group it does not have', () => {
		const sums = new HardeningSums(1);
		expect(() => sums.subtract(0, hardenedMain, 1)).toThrow(/more taken away/);
		expect(() => sums.add(1, hardenedMain, 1)).toThrow(RangeError);
	});
});
