/**
 * Photo records on PostgreSQL (the contract is ../photos.ts). A second record with a taken id is
 * skipped by ON CONFLICT, never a unique violation, so it answers false as on SQLite.
 */
import { eq, inArray } from 'drizzle-orm';
import type { PgDb } from '../../db/postgres';
import { photos } from '../../db/postgres/schema';
import type { PhotoRow, PhotoStore } from '../photos';

export class PgPhotoStore implements PhotoStore {
	constructor(private readonly db: PgDb) {}

	async insert(photo: PhotoRow): Promise<boolean> {
		const stored = await this.db.insert(photos).values(photo).onConflictDoNothing({ target: photos.id }).returning({ id: photos.id });
		return stored.length === 1;
	}

	async get(id: string): Promise<PhotoRow | undefined> {
		if (!storable(id)) return undefined;
		const [row] = await this.db.select().from(photos).where(eq(photos.id, id));
		return row;
	}

	async missing(ids: readonly string[]): Promise<string[]> {
		const asked = ids.filter(storable);
		const found = new Set(asked.length === 0 ? [] : (await this.db.select({ id: photos.id }).from(photos).where(inArray(photos.id, asked))).map((r) => r.id));
		return ids.filter((id) => !found.has(id));
	}
}

/** PostgreSQL text cannot hold NUL: an id with one names no photo, as on SQLite, rather than failing the query. */
const storable = (id: string) => !id.includes('\0');
