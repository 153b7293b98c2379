import { describe, expect, it } from 'vitest';
import type { StoredFeature } from '../../store/types';
import { zoneGuard } from './zone-guard';

const square = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] });
const zone = (id: number, name: string, x: number): StoredFeature => ({
	id,
	kind: 'zone',
	geometry: square(x, 0),
	properties: { name },
	version: 1,
	createdAt: '',
	createdBy: '',
	updatedAt: '',
	updatedBy: ''
});
const zones = [zone(1, 'East', 0), zone(2, 'West', 2)];
const bin = (x: number) => ({ kind: 'bin', geometry: { type: 'Point' as const, coordinates: [x, 0.5] }, properties: {} });

describe('the zone check of field staff', () => {
	const guard = zoneGuard([1], zones);

	it('lets a feature inside one of the zones be written, before and after', () => {
		expect(guard(undefined, bin(0.5))).toBeNull();
		expect(guard({ id: 7, version: 1, ...bin(0.5) }, bin(0.6))).toBeNull();
		expect(guard({ id: 7, version: 1, ...bin(0.5) }, undefined)).toBeNull();
		// A road that crosses into another zone touches one's own.
		expect(guard(undefined, { kind: 'roadSegment', geometry: { type: 'LineString', coordinates: [[0.5, 0.5], [2.5, 0.5]] }, properties: {} })).toBeNull();
	});

	it('refuses one in another zone, moved out, or outside every zone, naming the zone', () => {
		expect(guard(undefined, bin(2.5))).toMatchObject({ reason: 'forbidden', code: 'zone.forbidden', details: { zoneId: 2, zoneName: 'West', yourZones: [1] } });
		expect(guard(undefined, bin(2.5))!.message).toMatch(/^This feature \(bins\) lies in zone "West", which is not one of your zones \(East\)/);
		expect(guard({ id: 7, version: 1, ...bin(0.5) }, bin(2.5))).toMatchObject({ code: 'zone.forbidden', details: { zoneId: 2 } });
		expect(guard({ id: 8, version: 1, ...bin(2.5) }, undefined)!.message).toMatch(/^Feature 8 \(bins\) lies in zone "West"/);
		expect(guard(undefined, bin(9))).toMatchObject({ code: 'zone.forbidden', details: { zoneId: null } });
	});

	it('checks an inspection by the zone it inspects', () => {
		const inspection = (zoneId: number | undefined) => ({ kind: 'inspection', geometry: { type: 'Point' as const, coordinates: [9, 9] }, properties: zoneId === undefined ? {} : { zoneId } });
		expect(guard(undefined, inspection(1))).toBeNull();
		expect(guard(undefined, inspection(2))).toMatchObject({ code: 'zone.forbidden', details: { zoneId: 2, zoneName: 'West' } });
		expect(guard(undefined, inspection(undefined))).toMatchObject({ code: 'zone.forbidden', details: { zoneId: null } });
	});

	it('checks a vector survey or activity by the zone it names, not by where its point lies', () => {
		// Placed inside East (x 0.5) but naming West: its figures would go to West, so it is West's.
		const record = (kind: string, zoneId: unknown) => ({ kind, geometry: { type: 'Point' as const, coordinates: [0.5, 0.5] }, properties: zoneId === undefined ? {} : { zoneId } });
		for (const kind of ['vectorSurvey', 'vectorActivity']) {
			expect(guard(undefined, record(kind, '1')), kind).toBeNull();
			expect(guard(undefined, record(kind, 1)), kind).toBeNull();
			expect(guard(undefined, record(kind, '2')), kind).toMatchObject({ reason: 'forbidden', code: 'zone.forbidden', details: { zoneId: 2, zoneName: 'West', yourZones: [1] } });
			expect(guard(undefined, record(kind, undefined)), kind).toMatchObject({ code: 'zone.forbidden', details: { zoneId: null } });
			// Changing one's own record over to another zone is refused too.
			expect(guard({ id: 5, version: 1, ...record(kind, '1') }, record(kind, '2')), kind).toMatchObject({ code: 'zone.forbidden', details: { zoneId: 2 } });
		}
		expect(guard(undefined, record('vectorSurvey', '2'))!.message).toBe('This vector survey is of zone "West", which is not one of your zones (East).');
	});
});
