import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync } from 'fflate';
import type { OutboxEntry } from './outbox';
import { OutboxFileError, outboxFile, readOutboxFile } from './outbox-file';
import type { PendingEdits } from './pending-edits';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const photo: OutboxEntry = { seq: 1, clientId: 'p-1', createdAt: '2026-03-02T01:00:00.000Z', state: 'waiting', payload: { kind: 'photo', blob: new Blob([JPEG], { type: 'image/jpeg' }), contentType: 'image/jpeg' } };
const close: OutboxEntry = {
	seq: 2,
	clientId: 'e-2',
	createdAt: '2026-03-02T01:00:01.000Z',
	state: 'conflict',
	payload: { kind: 'edit', edit: { label: 'field.outbox.kinds.close', labelValues: { name: '#7' }, edits: [{ type: 'move-case', id: 7, version: 2, to: 'resolved', note: 'Cleared', photoIds: ['photo:p-1'] }] } },
	refs: { '0.photoIds.0': { clientId: 'p-1', path: 'id' } }
};
const harden: OutboxEntry = {
	seq: 3,
	clientId: 'e-3',
	createdAt: '2026-03-02T01:00:02.000Z',
	state: 'waiting',
	payload: { kind: 'edit', edit: { label: 'field.outbox.kinds.harden', edits: [{ type: 'patch', collection: 'road-segments', id: 4, version: 1, feature: { properties: { hardened: true } } }] } }
};
const line = { type: 'LineString' as const, coordinates: [[116.35, 40], [116.351, 40]] };
const pending: PendingEdits = {
	features: new Map(),
	changesOf: new Map([['e-3', [{ change: {} as never, edit: 0, after: { id: 4, kind: 'roadSegment', version: 1, geometry: line, properties: { hardened: true } } }]]]),
	drawn: { type: 'FeatureCollection', features: [] }
};
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const errorOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e instanceof OutboxFileError ? { key: e.key, values: e.values } : e;
	}
	return null;
};

describe('outbox file', () => {
	it('saves the waiting edits with their photos as a zip and reads them back in queue order, each edit after its photos', async () => {
		const { blob, name } = await outboxFile(Object.freeze([photo, close, harden]), pending, '2026-03-02T01:05:00.000Z', '2026-03-02');
		expect(name).toBe('sanimap-edits-2026-03-02.zip');
		const bytes = await bytesOf(blob);
		const zipped = unzipSync(bytes);
		expect(Object.keys(zipped).sort()).toEqual(['edits.geojson', 'photos/p-1.jpg']);
		const collection = JSON.parse(new TextDecoder().decode(zipped['edits.geojson']));
		expect(collection.type).toBe('FeatureCollection');
		expect(collection.features.map((f: { geometry: unknown }) => f.geometry)).toEqual([null, line]);
		expect(collection.features[0].properties.photos).toEqual([{ clientId: 'p-1', contentType: 'image/jpeg', name: 'photos/p-1.jpg' }]);

		const read = readOutboxFile(bytes, name);
		expect(read.map((e) => [e.clientId, e.payload.kind])).toEqual([['p-1', 'photo'], ['e-2', 'edit'], ['e-3', 'edit']]);
		expect(read[1]).toMatchObject({ payload: { edit: close.payload.kind === 'edit' ? close.payload.edit : null }, refs: close.refs });
		expect(read[0].payload.kind === 'photo' && (await bytesOf(read[0].payload.blob))).toEqual(JPEG);
	});

	it('saves edits without photos as GeoJSON alone', async () => {
		const { blob, name } = await outboxFile([harden], pending, '2026-03-02T01:05:00.000Z', '2026-03-02');
		expect(name).toBe('sanimap-edits-2026-03-02.geojson');
		expect(readOutboxFile(await bytesOf(blob), name).map((e) => e.clientId)).toEqual(['e-3']);
	});

	it('refuses a file that is not one, naming it, and says which photos a GeoJSON without its zip lacks', async () => {
		expect(errorOf(() => readOutboxFile(strToU8('lon,lat\n1,2'), 'bins.csv'))).toEqual({ key: 'unreadable', values: { file: 'bins.csv' } });
		expect(errorOf(() => readOutboxFile(strToU8(JSON.stringify({ type: 'FeatureCollection', features: [] })), 'roads.geojson'))).toMatchObject({ key: 'unreadable' });
		const newer = { type: 'FeatureCollection', sanimap: { format: 'sanimap-field-outbox', version: 99 }, features: [] };
		expect(errorOf(() => readOutboxFile(strToU8(JSON.stringify(newer)), 'x.geojson'))).toMatchObject({ key: 'newer' });
		const damaged = { ...newer, sanimap: { format: 'sanimap-field-outbox', version: 1 }, features: [{ type: 'Feature', geometry: null, properties: { clientId: 'x' } }] };
		expect(errorOf(() => readOutboxFile(strToU8(JSON.stringify(damaged)), 'x.geojson'))).toEqual({ key: 'entry', values: { file: 'x.geojson', n: 1 } });
		const zipped = unzipSync(await bytesOf((await outboxFile([photo, close], pending, '2026-03-02T01:05:00.000Z', '2026-03-02')).blob));
		expect(errorOf(() => readOutboxFile(zipped['edits.geojson'], 'edits.geojson'))).toEqual({ key: 'missingPhoto', values: { file: 'edits.geojson', names: 'photos/p-1.jpg' } });
	});
});
