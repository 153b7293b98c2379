import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../api-client';
import { sourceDiff } from './source-diff';

const bin = (version: number, properties: Record<string, unknown>, lon = 116.35): ApiFeature =>
	Object.freeze<ApiFeature>({ type: 'Feature', id: 4, version, collection: 'bins', geometry: { type: 'Point', coordinates: [lon, 40] }, properties: Object.freeze(properties), updatedAt: '', updatedBy: '' });

describe('sourceDiff', () => {
	it('adds new features, removes deleted ones, and updates changed ones in place with only what changed', () => {
		const before = bin(1, { status: 'installed', capacityL: 120, name: 'Gate' });
		const after = bin(2, { status: 'damaged', capacityL: 120 }, 116.351);
		const added = { ...bin(1, { status: 'planned' }), id: 5 };
		expect(sourceDiff({ collection: 'bins', added: [added], updated: [{ before, after }], removed: [6] })).toEqual({
			remove: [6],
			add: [{ type: 'Feature', id: 5, geometry: added.geometry, properties: { status: 'planned' } }],
			update: [{ id: 4, newGeometry: { type: 'Point', coordinates: [116.351, 40] }, removeProperties: ['name'], addOrUpdateProperties: [{ key: 'status', value: 'damaged' }] }]
		});
	});

	it('leaves out a feature whose new version looks the same on the map', () => {
		expect(sourceDiff({ collection: 'bins', added: [], updated: [{ before: bin(1, { capacityL: 120 }), after: bin(2, { capacityL: 120 }) }], removed: [] })).toEqual({});
	});

	it('draws a feature again whole when there is nothing to compare with', () => {
		const f = bin(3, { capacityL: 60 });
		expect(sourceDiff({ collection: 'bins', added: [], updated: [{ after: f }], removed: [] }).update).toEqual([
			{ id: 4, newGeometry: f.geometry, removeAllProperties: true, addOrUpdateProperties: [{ key: 'capacityL', value: 60 }] }
		]);
	});

	it('diffs what the source holds of a feature, as `toFeature` makes it', () => {
		const heat = (f: ApiFeature) => ({ type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: { open: f.properties!.status !== 'verified' } });
		const diff = sourceDiff({ collection: 'hotspots', added: [], updated: [{ before: bin(1, { status: 'reported' }), after: bin(2, { status: 'assigned' }) }], removed: [] }, heat);
		expect(diff).toEqual({});
	});
});
