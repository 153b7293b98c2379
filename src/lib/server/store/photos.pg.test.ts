/**
 * The photo record contract (photos.ts), the same cases against each store: the SQLite file of the
 * embedded default and PostgreSQL. Each store gets one database for the file; each case records
 * photos of its own, so the cases need no order.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { bothStores, openedFor } from '../../../../tests/helpers/stores';
import { SqlitePhotoStore } from '../repositories/photos';
import { PgPhotoStore } from './postgres/photos';
import type { PhotoRow, PhotoStore } from './photos';

const STORES = bothStores<PhotoStore>({ sqlite: (db) => new SqlitePhotoStore(db), postgres: (db) => new PgPhotoStore(db) });

function photo(overrides: Partial<PhotoRow> = {}): PhotoRow {
	const id = randomUUID();
	return {
		id,
		contentType: 'image/jpeg',
		bytes: 12_345,
		sha256: 'ab'.repeat(32),
		path: `2026-05/${id}.jpg`,
		width: 2560,
		height: 1920,
		createdAt: '2026-05-01T08:00:00.000Z',
		createdBy: 'field1',
		...overrides
	};
}

describe.each(STORES)('the $name photo store', ({ open }) => {
	const store = openedFor(open);

	it('records a photo and reads it back as it was recorded', async () => {
		const row = photo();
		expect(await store.here.insert(row)).toBe(true);
		expect(await store.here.get(row.id)).toEqual(row);
		const unsized = photo({ contentType: 'image/webp', width: null, height: null });
		expect(await store.here.insert(unsized)).toBe(true);
		expect(await store.here.get(unsized.id)).toEqual(unsized);
	});

	it('refuses a second record with a taken id, keeping the first', async () => {
		const row = photo();
		await store.here.insert(row);
		expect(await store.here.insert({ ...photo(), id: row.id })).toBe(false);
		expect(await store.here.get(row.id)).toEqual(row);
	});

	it('answers undefined for an id no photo has', async () => {
		expect(await store.here.get(randomUUID())).toBeUndefined();
		expect(await store.here.get('')).toBeUndefined();
		expect(await store.here.get('a\u0000b')).toBeUndefined();
	});

	it('names the ids no photo is recorded with, in the order given', async () => {
		const [a, b] = [photo(), photo()];
		await store.here.insert(a);
		await store.here.insert(b);
		const [x, y] = [randomUUID(), randomUUID()];
		expect(await store.here.missing([])).toEqual([]);
		expect(await store.here.missing([a.id, b.id])).toEqual([]);
		expect(await store.here.missing([y, a.id, x, b.id, y])).toEqual([y, x, y]);
		expect(await store.here.missing(['a\u0000b', a.id])).toEqual(['a\u0000b']);
	});
});
