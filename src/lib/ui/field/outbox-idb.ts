/**
 * The outbox kept in IndexedDB (via `idb`), so queued edits and the photos taken offline survive
 * closing the browser or a reload without a connection. Photos are stored as Blobs in the entry.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry, OutboxStore } from './outbox';

interface OutboxDb extends DBSchema {
	entries: { key: number; value: OutboxEntry };
	results: { key: string; value: { clientId: string; result: unknown } };
}

export async function idbOutboxStore(name = 'sanimap-field-outbox'): Promise<OutboxStore> {
	const db: IDBPDatabase<OutboxDb> = await openDB<OutboxDb>(name, 1, {
		upgrade(db) {
			db.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
			db.createObjectStore('results', { keyPath: 'clientId' });
		}
	});
	return {
		// Keys are increasing integers, so key order is queue order.
		all: () => db.getAll('entries'),
		async add(entry) {
			const seq = await db.add('entries', entry as OutboxEntry);
			return { ...entry, seq } as OutboxEntry;
		},
		async put(entry) {
			await db.put('entries', entry);
		},
		delete: (seq) => db.delete('entries', seq),
		async putResult(clientId, result) {
			await db.put('results', { clientId, result });
		},
		async getResult(clientId) {
			return (await db.get('results', clientId))?.result;
		},
		clearResults: () => db.clear('results')
	};
}
