import { describe, expect, it } from 'vitest';
import { cleanGeometry, validateGeometry } from './validate-geometry';
import type { Geometry } from 'geojson';

const nested = (depth: number) => {
	let v: unknown = 1;
	for (let i = 0; i < depth; i++) v = [v];
	return v;
};

describe('validateGeometry: the geometry object whole', () => {
	it('accepts type and coordinates, and a bbox of 4 or 6 numbers', () => {
		expect(validateGeometry({ type: 'Point', coordinates: [116.35, 40] }, 'Point')).toEqual([]);
		expect(validateGeometry({ type: 'Point', coordinates: [116.35, 40], bbox: [116.35, 40, 116.35, 40] }, 'Point')).toEqual([]);
		expect(validateGeometry({ type: 'Point', coordinates: [116.35, 40, 5], bbox: [116.35, 40, 5, 116.35, 40, 5] }, 'Point')).toEqual([]);
	});

	it('refuses any other member: "__proto__" parsed from JSON, one nested thousands deep, a foreign "crs"', () => {
		const proto = JSON.parse('{"type":"Point","coordinates":[116.35,40],"__proto__":{"polluted":true}}');
		const deep = JSON.parse(`{"type":"Point","coordinates":[116.35,40],"x":${JSON.stringify(nested(4100))}}`);
		for (const [what, value] of [
			['__proto__', proto],
			['deep member', deep],
			['crs', { type: 'Point', coordinates: [116.35, 40], crs: { type: 'name' } }],
			['geometries', { type: 'Point', coordinates: [116.35, 40], geometries: [] }]
		] as const) {
			const issues = validateGeometry(value, 'Point');
			expect(issues.map((i) => i.code), what).toEqual(['geometry.unknown-member']);
		}
		expect(validateGeometry(proto, 'Point')[0].message).toMatch(/"__proto__"/);
	});

	it('refuses a bbox that is not 4 or 6 finite numbers', () => {
		for (const bbox of [[1, 2, 3], [1, 2, 3, 'x'], [1, 2, 3, NaN], nested(5000), 'x']) {
			expect(validateGeometry({ type: 'Point', coordinates: [116.35, 40], bbox }, 'Point').map((i) => i.code)).toEqual(['geometry.bbox']);
		}
	});

	it('refuses coordinates nested deeper than the type allows, without recursing', () => {
		expect(validateGeometry({ type: 'Point', coordinates: nested(10_000) }, 'Point')[0].code).toBe('geometry.coordinates.shape');
		expect(validateGeometry({ type: 'Polygon', coordinates: nested(20_000) }, 'Polygon').length).toBeGreaterThan(0);
	});
});

describe('cleanGeometry', () => {
	it('keeps only type and coordinates, in a new object', () => {
		const input = Object.freeze({ type: 'Point', coordinates: [116.35, 40], bbox: [116.35, 40, 116.35, 40] }) as Geometry;
		const clean = cleanGeometry(input);
		expect(clean).toEqual({ type: 'Point', coordinates: [116.35, 40] });
		expect(Reflect.ownKeys(clean)).toEqual(['type', 'coordinates']);
		expect(clean).not.toBe(input);
	});
});
