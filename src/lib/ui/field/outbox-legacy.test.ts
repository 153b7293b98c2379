import { describe, expect, it } from 'vitest';
import { memoryOutboxStore, resolveEdit } from './outbox';
import { isLegacyEntry, migrateLegacyQueue, type LegacyEntry } from './outbox-legacy';

const kept = (seq: number, clientId: string) => ({ seq, clientId, createdAt: '2026-11-27T08:00:00.000Z', state: 'waiting' as const });

/** The requests the previous field mode queued, as it queued them (its markHardened, splitAndMark, reportHotspot, closeCase). */
const photo: LegacyEntry = { ...kept(1, 'p1'), method: 'POST', url: '/api/photos', blob: new Blob([new Uint8Array([255, 216])], { type: 'image/jpeg' }), contentType: 'image/jpeg', label: 'field.outbox.kinds.photo', answer: 'photo' };
const harden: LegacyEntry = {
	...kept(2, 'h1'),
	method: 'PATCH',
	url: '/api/collections/road-segments/items/17',
	body: { properties: { hardened: true, surface: 'concrete', hardenedAt: '2026-11-27' } },
	ifMatch: 3,
	label: 'field.outbox.kinds.harden',
	labelValues: { name: 'Elm lane' },
	answer: 'feature'
};
const split: LegacyEntry = {
	...kept(3, 's1'),
	method: 'POST',
	url: '/api/collections/road-segments/items/18/split',
	body: { at: [116.3505, 40.0005], version: 1, parts: [null, { hardened: true, surface: 'paving' }] },
	label: 'field.outbox.kinds.splitHarden',
	labelValues: { name: 'Willow alley', length: 42 },
	answer: 'split'
};
const report: LegacyEntry = {
	...kept(4, 'r1'),
	method: 'POST',
	url: '/api/hotspots',
	body: { type: 'Feature', geometry: { type: 'Point', coordinates: [116.35, 40] }, properties: { category: 'standing-water', photos: ['{photo}'] } },
	refs: { photo: { clientId: 'p1', path: 'id' } },
	label: 'field.outbox.kinds.report',
	answer: 'feature'
};
const close: LegacyEntry = {
	...kept(5, 'c1'),
	method: 'POST',
	url: '/api/hotspots/{case}/transition',
	body: { to: 'resolved', version: 2, note: 'swept', photoIds: ['{photo}'] },
	refs: { photo: { clientId: 'p1', path: 'id' }, case: { clientId: 'r1', path: 'id' } },
	label: 'field.outbox.kinds.close',
	answer: 'feature'
};

describe('migrating the outbox of the previous version', () => {
	const migrated = migrateLegacyQueue([photo, harden, split, report, close]);

	it('turns each queued request into the edit it stood for, in its place, with its state and label', () => {
		expect(migrated.map((e) => [e.seq, e.clientId, e.state])).toEqual([
			[1, 'p1', 'waiting'],
			[2, 'h1', 'waiting'],
			[3, 's1', 'waiting'],
			[4, 'r1', 'waiting'],
			[5, 'c1', 'waiting']
		]);
		expect(migrated[0].payload).toEqual({ kind: 'photo', blob: photo.blob, contentType: 'image/jpeg' });
		expect(migrated[1].payload).toEqual({
			kind: 'edit',
			edit: { label: 'field.outbox.kinds.harden', labelValues: { name: 'Elm lane' }, edits: [{ type: 'patch', collection: 'road-segments', id: 17, version: 3, feature: harden.body }] }
		});
		expect(migrated[2].payload).toMatchObject({ edit: { edits: [{ type: 'split', id: 18, version: 1, at: [116.3505, 40.0005], parts: [null, { hardened: true, surface: 'paving' }] }] } });
		expect(migrated[3].payload).toMatchObject({ edit: { edits: [{ type: 'report-case', feature: report.body }] } });
		expect(migrated[4].payload).toMatchObject({ edit: { edits: [{ type: 'move-case', version: 2, to: 'resolved', note: 'swept' }] } });
		expect(migrated.every((e) => !isLegacyEntry(e))).toBe(true);
	});

	it('makes the values taken from earlier answers refs at their place in the edit, into the new answers', async () => {
		expect(migrated[3].refs).toEqual({ '0.feature.properties.photos.0': { clientId: 'p1', path: 'id' } });
		// The report is migrated too: its answer is now that of POST /api/edits, where the case is the first feature.
		expect(migrated[4].refs).toEqual({ '0.photoIds.0': { clientId: 'p1', path: 'id' }, '0.id': { clientId: 'r1', path: 'features.0.id' } });
		const store = memoryOutboxStore();
		await store.putResult('p1', { id: 'photo-uuid', url: '/api/photos/photo-uuid' });
		await store.putResult('r1', { changeset: { id: 40 }, features: [{ id: 77, version: 1 }], notes: [null] });
		expect((await resolveEdit(migrated[4], store)).edits).toEqual([{ type: 'move-case', id: 77, version: 2, to: 'resolved', note: 'swept', photoIds: ['photo-uuid'] }]);
	});

	it('keeps a ref into an answer that came before the update as it was', () => {
		const [alone] = migrateLegacyQueue([close]);
		expect(alone.refs).toMatchObject({ '0.id': { clientId: 'r1', path: 'id' } });
	});

	it('keeps a request of an unknown shape, refused with a message, for the person to discard', () => {
		const [odd] = migrateLegacyQueue([{ ...kept(9, 'x1'), method: 'DELETE', url: '/api/zones/4', label: 'field.outbox.kinds.edit', labelValues: { name: '#4' } }]);
		expect(odd).toMatchObject({ seq: 9, state: 'failed', error: { code: 'outbox.legacy' }, payload: { kind: 'edit', edit: { label: 'field.outbox.kinds.edit', edits: [] } } });
	});
});
