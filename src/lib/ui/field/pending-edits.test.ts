import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/rules';
import type { ApiFeature } from '../api-client';
import type { OutboxEntry } from './outbox';
import { pendingEdits } from './pending-edits';

const road = Object.freeze<ApiFeature>({
	type: 'Feature',
	id: 5,
	version: 2,
	collection: 'road-segments',
	geometry: { type: 'LineString', coordinates: [[116.35, 40], [116.352, 40]] },
	properties: Object.freeze({ name: 'Elm lane', roadClass: 'branch', surface: 'earth', hardened: false }),
	updatedAt: '',
	updatedBy: ''
});
const entry = (seq: number, payload: OutboxEntry['payload'], state: OutboxEntry['state'] = 'waiting'): OutboxEntry => ({ seq, clientId: `c${seq}`, createdAt: '', state, payload });
const ctx = { now: new Date('2026-11-28T01:00:00Z'), rules: DEFAULT_RULES };
const held = (collection: string, id: number) => (collection === 'road-segments' && id === 5 ? road : undefined);

describe('pendingEdits', () => {
	it('shows what the waiting edits set, which fields they change, and what to draw, in queue order', () => {
		const entries = [
			entry(1, { kind: 'photo', blob: new Blob([]), contentType: 'image/jpeg' }),
			entry(2, { kind: 'edit', edit: { label: 'x', edits: [{ type: 'patch', collection: 'road-segments', id: 5, version: 2, feature: { properties: { hardened: true, surface: 'concrete' } } }] } }),
			entry(3, { kind: 'edit', edit: { label: 'x', edits: [{ type: 'patch', collection: 'road-segments', id: 5, version: 2, feature: { properties: { widthM: 4 } } }] } }, 'conflict')
		];
		const pending = pendingEdits(entries, held, ctx);
		const elm = pending.features.get(5)!;
		expect(elm.state.properties).toEqual({ name: 'Elm lane', roadClass: 'branch', surface: 'concrete', hardened: true, widthM: 4 });
		expect([...elm.fields].sort()).toEqual(['hardened', 'surface', 'widthM']);
		expect(elm.entryState).toBe('conflict');
		expect(pending.changesOf.get('c2')!.map((c) => [c.after.id, c.after.version])).toEqual([[5, 3]]);
		expect(pending.drawn.features.map((f) => f.properties!.state)).toEqual(['waiting', 'conflict']);
		expect(road.properties!.hardened).toBe(false);
	});

	it('draws a split as its parts and marks the road as going, and leaves out what it cannot work out here', () => {
		const entries = [
			entry(1, { kind: 'edit', edit: { label: 'x', edits: [{ type: 'split', id: 5, version: 2, at: [116.351, 40], parts: [{ hardened: true }, null] }] } }),
			entry(2, { kind: 'edit', edit: { label: 'x', edits: [{ type: 'patch', collection: 'bins', id: 99, version: 1, feature: { properties: { capacityL: 60 } } }] } })
		];
		const pending = pendingEdits(entries, held, ctx);
		expect(pending.features.get(5)!.state.deleted).toBe(true);
		expect(pending.features.get(-1)!.state.properties).toMatchObject({ hardened: true, splitFrom: '5' });
		expect(pending.drawn.features.map((f) => (f.geometry as GeoJSON.LineString).coordinates)).toEqual([
			[[116.35, 40], [116.351, 40]],
			[[116.351, 40], [116.352, 40]]
		]);
		// The bin is not held on this page: nothing is shown for it, and no later edit takes a version from it.
		expect(pending.changesOf.has('c2')).toBe(false);
		expect(pending.features.has(99)).toBe(false);
	});
});
