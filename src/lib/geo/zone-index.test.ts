import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { buildZoneIndex, OUTSIDE_ALL_ZONES } from './zone-index';

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygon = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('buildZoneIndex', () => {
	it('finds the zone containing a point and reports points outside every zone', () => {
		const index = buildZoneIndex([polygon(square(0, 0, 1, 1)), polygon(square(1, 0, 2, 1))]);
		expect(index.zoneAt(0.5, 0.5)).toBe(0);
		expect(index.zoneAt(1.5, 0.5)).toBe(1);
		expect(index.zoneAt(2.5, 0.5)).toBe(OUTSIDE_ALL_ZONES);
		expect(index.zoneAt(0.5, -0.0001)).toBe(OUTSIDE_ALL_ZONES);
	});

	it('gives a point on a shared edge to the first zone in input order, whichever order that is', () => {
		const left = polygon(square(0, 0, 1, 1));
		const right = polygon(square(1, 0, 2, 1));
		expect(buildZoneIndex([left, right]).zoneAt(1, 0.5)).toBe(0);
		expect(buildZoneIndex([right, left]).zoneAt(1, 0.5)).toBe(0);
		// And the point is in the second zone when the first is taken away: it is on both boundaries.
		expect(buildZoneIndex([null, right]).zoneAt(1, 0.5)).toBe(1);
	});

	it('excludes a hole but counts the hole edge as the zone boundary', () => {
		const index = buildZoneIndex([polygon(square(0, 0, 4, 4), square(1, 1, 3, 3))]);
		expect(index.zoneAt(2, 2)).toBe(OUTSIDE_ALL_ZONES);
		expect(index.zoneAt(1, 2)).toBe(0);
		expect(index.zoneAt(0.5, 2)).toBe(0);
	});

	it('tests every polygon of a MultiPolygon', () => {
		const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] };
		const index = buildZoneIndex([multi]);
		expect(index.zoneAt(5.5, 5.5)).toBe(0);
		expect(index.zoneAt(3, 3)).toBe(OUTSIDE_ALL_ZONES);
	});

	it('closes an unclosed ring rather than skipping its last edge', () => {
		const unclosed = buildZoneIndex([polygon([[0, 0], [2, 0], [2, 2], [0, 2]])]);
		expect(unclosed.zoneAt(1, 1)).toBe(0);
		expect(unclosed.zoneAt(-0.5, 1)).toBe(OUTSIDE_ALL_ZONES);
	});

	it('answers outside for no zones, null geometries and non-finite coordinates', () => {
		expect(buildZoneIndex([]).zoneAt(0, 0)).toBe(OUTSIDE_ALL_ZONES);
		expect(buildZoneIndex([null, undefined]).zoneAt(0, 0)).toBe(OUTSIDE_ALL_ZONES);
		const index = buildZoneIndex([polygon(square(0, 0, 1, 1))]);
		expect(index.zoneAt(Number.NaN, 0.5)).toBe(OUTSIDE_ALL_ZONES);
		expect(index.zoneCount).toBe(1);
	});

	it('handles a point on the far edge of the indexed extent (the last lookup cell)', () => {
		const index = buildZoneIndex([polygon(square(0, 0, 1, 1)), polygon(square(1, 0, 3, 1))]);
		expect(index.zoneAt(3, 1)).toBe(1);
		expect(index.zoneAt(3, 0)).toBe(1);
	});
});
