import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../rules';
import { previewEdits } from './preview-edits';
import type { FeatureState } from './feature-state';

const ctx = { now: new Date('2026-11-28T01:00:00Z'), rules: DEFAULT_RULES };
const road = Object.freeze<FeatureState>({
	id: 5,
	kind: 'roadSegment',
	version: 2,
	geometry: Object.freeze({ type: 'LineString' as const, coordinates: [[116.35, 40], [116.352, 40]] }),
	properties: Object.freeze({ name: 'Elm lane', roadClass: 'branch', surface: 'earth', hardened: false })
});
const hotspot = Object.freeze<FeatureState>({
	id: 9,
	kind: 'hotspot',
	version: 3,
	geometry: { type: 'Point', coordinates: [116.351, 40.0001] },
	properties: Object.freeze({ category: 'dumped-debris', status: 'assigned', reportedAt: '2026-11-20T01:00:00.000Z' })
});
const held = new Map([
	[road.id, road],
	[hotspot.id, hotspot]
]);

describe('previewEdits', () => {
	it('marks a road hardened with the same patch the server stores, on the next version', () => {
		const preview = previewEdits([{ type: 'patch', collection: 'road-segments', id: 5, version: 2, feature: { properties: { hardened: true, surface: 'concrete' } } }], held, ctx);
		expect(preview.states.get(5)).toMatchObject({ version: 3, properties: { name: 'Elm lane', hardened: true, surface: 'concrete' } });
		expect(held.get(5)!.properties.hardened).toBe(false);
	});

	it('splits and marks one part in one edit: the old road deleted, two parts created, in the order of the answer', () => {
		const preview = previewEdits([{ type: 'split', id: 5, version: 2, at: [116.351, 40], parts: [null, { hardened: true, surface: 'paving' }] }], held, ctx);
		expect(preview.changes.map((c) => [c.change.op, c.after.id])).toEqual([
			['delete', 5],
			['create', -1],
			['create', -2]
		]);
		expect(preview.states.get(5)!.deleted).toBe(true);
		expect(preview.states.get(-2)!.properties).toMatchObject({ hardened: true, surface: 'paving', splitFrom: '5' });
		expect((preview.states.get(-1)!.geometry as GeoJSON.LineString).coordinates).toEqual([[116.35, 40], [116.351, 40]]);
	});

	it('closes a case as the lifecycle does: resolved, with the note and the photo', () => {
		const preview = previewEdits([{ type: 'move-case', id: 9, version: 3, to: 'resolved', note: 'swept', photoIds: ['p1'] }], held, ctx);
		expect(preview.states.get(9)!.properties).toMatchObject({ status: 'resolved', resolutionNote: 'swept', resolutionPhotos: ['p1'], resolvedAt: ctx.now.toISOString() });
	});

	it('applies later edits to what earlier ones left, and skips what would not apply', () => {
		const preview = previewEdits(
			[
				{ type: 'move-case', id: 9, version: 3, to: 'resolved', note: 'swept', photoIds: ['p1'] },
				// Resolved cases cannot be resolved again.
				{ type: 'move-case', id: 9, version: 3, to: 'resolved', note: 'again', photoIds: ['p2'] },
				{ type: 'patch', collection: 'bins', id: 404, version: 1, feature: { properties: { capacityL: 60 } } },
				{ type: 'report-case', feature: { type: 'Feature', geometry: { type: 'Point', coordinates: [116.35, 40] }, properties: { category: 'small-ads' } } }
			],
			held,
			ctx
		);
		expect(preview.skipped).toEqual([1, 2]);
		expect(preview.states.get(9)!.properties.resolutionNote).toBe('swept');
		expect(preview.states.get(-1)).toMatchObject({ kind: 'hotspot', properties: { category: 'small-ads', status: 'reported' } });
	});
});
