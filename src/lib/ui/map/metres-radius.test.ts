import { describe, expect, it } from 'vitest';
import { metresPerPixel, metresRadiusExpression } from './metres-radius';

describe('metres on the ground in pixels', () => {
	it('matches the web-mercator scale', () => {
		// 40 075 016.7 m of equator over 512 px at zoom 0; at 40° N the ground shrinks by cos 40°.
		expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
		expect(metresPerPixel(15, 40)).toBeCloseTo((78271.517 * Math.cos((40 * Math.PI) / 180)) / 32768, 6);
		expect(metresPerPixel(15, 40)).toBeCloseTo(1.8298, 3);
	});

	it('gives a radius that doubles with each zoom, so it stays the same on the ground', () => {
		const [, , , z0, px0, z1, px1] = metresRadiusExpression(60, 40, 10, 20) as [string, unknown, unknown, number, number, number, number];
		expect([z0, z1]).toEqual([10, 20]);
		expect(px1 / px0).toBeCloseTo(1024, 6);
		// 60 m at zoom 15 near 40° N is about 32.8 px.
		expect(px0 * 2 ** 5).toBeCloseTo(60 / 1.8298, 1);
	});
});
