/** Photo records on SQLite (the contract is ../store/photos.ts). */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { photos } from '../db/schema';
import type { PhotoRow, PhotoStore } from '../store/photos';

export class SqlitePhotoStore implements PhotoStore {
	constructor(private readonly db: Db) {}

	async insert(photo: PhotoRow): Promise<boolean> {
		return this.db.insert(photos).values(photo).onConflictDoNothing({ target: photos.id }).run().changes === 1;
	}

	async get(id: string): Promise<PhotoRow | undefined> {
		return this.db.select().from(photos).where(eq(photos.id, id)).get();
	}

	async missing(ids: readonly string[]): Promise<string[]> {
		if (ids.length === 0) return [];
		const found = new Set(
			this.db
				.select({ id: photos.id })
				.from(photos)
				.where(inArray(photos.id, [...ids]))
				.all()
				.map((r) => r.id)
		);
		return ids.filter((id) => !found.has(id));
	}
}
