import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../api-client';
import { zoneAt } from './inspection-target';

const square = (id: number, x0: number, y0: number, size: number): ApiFeature => ({
	type: 'Feature',
	id,
	version: 1,
	collection: 'zones',
	updatedAt: '2026-11-01T00:00:00+08:00',
	updatedBy: 'admin',
	properties: { name: `zone ${id}` },
	geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] }
});

describe('zoneAt', () => {
	const community = square(1, 116.35, 39.99, 0.02);
	const grid = square(2, 116.36, 40, 0.002);
	const other = square(3, 116.4, 40, 0.01);

	it('picks the smallest zone containing the position: the grid cell, not its community', () => {
		expect(zoneAt([community, grid, other], [116.361, 40.001])?.id).toBe(2);
		expect(zoneAt([community, grid, other], [116.355, 39.995])?.id).toBe(1);
	});

	it('prefers a zone given to the worker', () => {
		expect(zoneAt([community, grid], [116.361, 40.001], [1])?.id).toBe(1);
	});

	it('is null outside every zone', () => {
		expect(zoneAt([community, grid, other], [116.5, 40.5])).toBeNull();
	});
});
