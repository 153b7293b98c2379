/**
 * Open311 keys, the people behind public reports and the spam-marked reports on SQLite: the
 * store contract of ../store/open311.ts.
 */
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { open311Keys, publicReporters } from '../db/schema';
import { DuplicateHashError, UnknownCaseError, type NewOpen311Key, type NewPublicReporter, type Open311KeyRow, type Open311Store, type PublicReporterRow } from '../store/open311';

/** Every column but the hash, which no answer carries. */
const { keyHash: _keyHash, ...KEY_COLUMNS } = getTableColumns(open311Keys);

const SPAM_MARKED = `SELECT id FROM features
  WHERE kind = 'hotspot' AND deleted_at IS NOT NULL
    AND json_extract(properties, '$.reportSource') IN ('public', 'open311')`;

/**
 * The ids of the public reports marked as spam, read at once: the campaign report reads the past
 * from the same SQLite connection synchronously (history-at.ts) and leaves these out of it.
 */
export function spamMarkedCaseIds(db: Db): Set<number> {
	return new Set(db.$client.prepare(SPAM_MARKED).pluck().all() as number[]);
}

/** better-sqlite3's constraint code, whether drizzle passed its error on as it was or wrapped it. */
function sqliteCode(error: unknown): string | undefined {
	for (let e: unknown = error; e instanceof Error; e = e.cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
	}
	return undefined;
}

export class SqliteOpen311Store implements Open311Store {
	constructor(private readonly db: Db) {}

	async insertKey(key: NewOpen311Key): Promise<Open311KeyRow> {
		try {
			return this.db.insert(open311Keys).values(key).returning(KEY_COLUMNS).get();
		} catch (e) {
			if (sqliteCode(e) === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateHashError('open311_keys');
			throw e;
		}
	}

	async listKeys(): Promise<Open311KeyRow[]> {
		return this.db.select(KEY_COLUMNS).from(open311Keys).orderBy(desc(open311Keys.id)).all();
	}

	async keyByHash(keyHash: string): Promise<Open311KeyRow | undefined> {
		return this.db.select(KEY_COLUMNS).from(open311Keys).where(eq(open311Keys.keyHash, keyHash)).get();
	}

	async revokeKey(id: number, at: string): Promise<Open311KeyRow | undefined> {
		return this.db
			.update(open311Keys)
			.set({ revokedAt: sql`coalesce(${open311Keys.revokedAt}, ${at})` })
			.where(eq(open311Keys.id, id))
			.returning(KEY_COLUMNS)
			.get();
	}

	async insertReporter(reporter: NewPublicReporter): Promise<void> {
		try {
			this.db.insert(publicReporters).values(reporter).run();
		} catch (e) {
			const code = sqliteCode(e);
			if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateHashError('public_reporters');
			if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new UnknownCaseError(reporter.caseId);
			throw e;
		}
	}

	async caseOfTokenHash(tokenHash: string): Promise<number | undefined> {
		return this.db.select({ caseId: publicReporters.caseId }).from(publicReporters).where(eq(publicReporters.tokenHash, tokenHash)).get()?.caseId;
	}

	async reportersOf(caseId: number): Promise<PublicReporterRow[]> {
		return this.db
			.select({ role: publicReporters.role, contact: publicReporters.contact, createdAt: publicReporters.createdAt, keyId: publicReporters.keyId })
			.from(publicReporters)
			.where(eq(publicReporters.caseId, caseId))
			.orderBy(publicReporters.id)
			.all();
	}

	async spamMarkedCaseIds(): Promise<Set<number>> {
		return spamMarkedCaseIds(this.db);
	}

	async isSpamMarkedCase(id: number): Promise<boolean> {
		return this.db.$client.prepare(`SELECT 1 FROM (${SPAM_MARKED}) WHERE id = ?`).pluck().get(id) !== undefined;
	}

	async isSpamMarkedPhoto(photoId: string): Promise<boolean> {
		return (
			this.db.$client
				.prepare(`SELECT 1 FROM features f, json_each(f.properties, '$.photos') p WHERE f.id IN (${SPAM_MARKED}) AND p.value = ? LIMIT 1`)
				.pluck()
				.get(photoId) !== undefined
		);
	}
}
