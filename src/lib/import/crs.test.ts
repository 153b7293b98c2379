import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { toWgs84, toWgs84Position } from './crs';

/** Metres between two lon/lat positions (equirectangular; exact enough below a kilometre). */
const metres = (a: number[], b: number[]) => {
	const k = Math.PI / 180;
	const x = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * k) * 6371008.8 * k;
	const y = (b[1] - a[1]) * 6371008.8 * k;
	return Math.hypot(x, y);
};

describe('coordinate systems', () => {
	// Tiananmen's flagpole as Amap (GCJ-02) shows it.
	const gcj = [116.397477, 39.908692];

	it('converts a GCJ-02 point to within 1 m of gcoord’s WGS84 value, a few hundred metres away', () => {
		const expected = gcoord.transform(gcj as [number, number], gcoord.GCJ02, gcoord.WGS84);
		const ours = toWgs84Position(gcj, 'gcj02');
		expect(metres(ours, expected)).toBeLessThan(1);
		expect(metres(ours, gcj)).toBeGreaterThan(100);
	});

	it('round-trips WGS84 → GCJ-02 → WGS84 within 1 m, and BD-09 likewise', () => {
		const wgs = [116.35, 40.0];
		for (const [crs, to] of [['gcj02', gcoord.GCJ02], ['bd09', gcoord.BD09]] as const) {
			const shifted = gcoord.transform(wgs as [number, number], gcoord.WGS84, to);
			expect(metres(toWgs84Position(shifted, crs), wgs)).toBeLessThan(1);
		}
	});

	it('converts every position of a polygon and leaves WGS84 input as it is', () => {
		const ring = [[116.35, 40], [116.36, 40], [116.36, 40.01], [116.35, 40]];
		const polygon = Object.freeze({ type: 'Polygon' as const, coordinates: [ring] });
		const converted = toWgs84(polygon, 'gcj02');
		expect(converted.type).toBe('Polygon');
		const out = (converted as typeof polygon).coordinates[0];
		expect(out).toHaveLength(4);
		expect(out[0]).toEqual(out[3]);
		expect(toWgs84(polygon, 'wgs84')).toBe(polygon);
		expect(polygon.coordinates[0][0]).toEqual([116.35, 40]);
	});
});
