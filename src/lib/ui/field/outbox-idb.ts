/**
 * The outbox kept in IndexedDB (via `idb`), so queued edits and the photos taken offline survive
 * closing the browser or a reload without a connection. Photos are stored as Blobs in the entry.
 * Version 1 of the database kept HTTP requests; opening it as version 2 turns each into the edit
 * it stood for, in the same upgrade transaction, so no queued edit is lost (outbox-legacy.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxEntry, OutboxStore } from './outbox';
import { isLegacyEntry, migrateLegacyQueue } from './outbox-legacy';

interface OutboxDb extends DBSchema {
	entries: { key: number; value: OutboxEntry };
	results: { key: string; value: { clientId: string; result: unknown } };
}

export const OUTBOX_DB_VERSION = 2;

export async function idbOutboxStore(name = 'sanimap-field-outbox'): Promise<OutboxStore> {
	const db: IDBPDatabase<OutboxDb> = await openDB<OutboxDb>(name, OUTBOX_DB_VERSION, {
		async upgrade(db, oldVersion, _newVersion, tx) {
			if (oldVersion < 1) {
				db.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
				db.createObjectStore('results', { keyPath: 'clientId' });
				return;
			}
			if (oldVersion < 2) {
				const entries = tx.objectStore('entries');
				const legacy = ((await entries.getAll()) as unknown[]).filter(isLegacyEntry);
				for (const entry of migrateLegacyQueue(legacy)) await entries.put(entry);
			}
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
