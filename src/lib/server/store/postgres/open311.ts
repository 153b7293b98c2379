/**
 * Open311 keys, the people behind public reports and the spam-marked reports on PostgreSQL, with
 * the answers of the SQLite store (../../repositories/open311.ts): the contract of ../open311.ts.
 * Every write is one statement, so none needs a transaction of its own.
 */
import { and, desc, eq, getTableColumns, isNotNull, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/postgres';
import { refusingConstraints } from '../../db/postgres/errors';
import { features, open311Keys, publicReporters } from '../../db/postgres/schema';
import { DuplicateHashError, UnknownCaseError, type NewOpen311Key, type NewPublicReporter, type Open311KeyRow, type Open311Store, type PublicReporterRow } from '../open311';

/** Every column but the hash, which no answer carries. */
const { keyHash: _keyHash, ...KEY_COLUMNS } = getTableColumns(open311Keys);

const SPAM_MARKED = and(eq(features.kind, 'hotspot'), isNotNull(features.deletedAt), sql`${features.properties}->>'reportSource' IN ('public', 'open311')`);


export class PgOpen311Store implements Open311Store {
	constructor(private readonly db: PgDb) {}

	async insertKey(key: NewOpen311Key): Promise<Open311KeyRow> {
		const [row] = await refusingConstraints(this.db.insert(open311Keys).values(key).returning(KEY_COLUMNS), { unique: () => new DuplicateHashError('open311_keys') });
		return row;
	}

	async listKeys(): Promise<Open311KeyRow[]> {
		return this.db.select(KEY_COLUMNS).from(open311Keys).orderBy(desc(open311Keys.id));
	}

	async keyByHash(keyHash: string): Promise<Open311KeyRow | undefined> {
		const [row] = await this.db.select(KEY_COLUMNS).from(open311Keys).where(eq(open311Keys.keyHash, keyHash));
		return row;
	}

	async revokeKey(id: number, at: string): Promise<Open311KeyRow | undefined> {
		const [row] = await this.db
			.update(open311Keys)
			.set({ revokedAt: sql`coalesce(${open311Keys.revokedAt}, ${at})` })
			.where(eq(open311Keys.id, id))
			.returning(KEY_COLUMNS);
		return row;
	}

	async insertReporter(reporter: NewPublicReporter): Promise<void> {
		await refusingConstraints(this.db.insert(publicReporters).values(reporter), {
			unique: () => new DuplicateHashError('public_reporters'),
			foreignKey: () => new UnknownCaseError(reporter.caseId)
		});
	}
	async caseOfTokenHash(tokenHash: string): Promise<number | undefined> {
		const [row] = await this.db.select({ caseId: publicReporters.caseId }).from(publicReporters).where(eq(publicReporters.tokenHash, tokenHash));
		return row?.caseId;
	}

	async reportersOf(caseId: number): Promise<PublicReporterRow[]> {
		return this.db
			.select({ role: publicReporters.role, contact: publicReporters.contact, createdAt: publicReporters.createdAt, keyId: publicReporters.keyId })
			.from(publicReporters)
			.where(eq(publicReporters.caseId, caseId))
			.orderBy(publicReporters.id);
	}

	async spamMarkedCaseIds(): Promise<Set<number>> {
		const rows = await this.db.select({ id: features.id }).from(features).where(SPAM_MARKED);
		return new Set(rows.map((r) => r.id));
	}

	async isSpamMarkedCase(id: number): Promise<boolean> {
		const rows = await this.db.select({ id: features.id }).from(features).where(and(eq(features.id, id), SPAM_MARKED));
		return rows.length > 0;
	}

	async isSpamMarkedPhoto(photoId: string): Promise<boolean> {
		// SQLite's json_each walks an array's elements, or takes a lone value as itself: both here.
		const photos = sql`${features.properties}->'photos'`;
		const rows = await this.db
			.select({ id: features.id })
			.from(features)
			.where(and(SPAM_MARKED, sql`(${photos} @> jsonb_build_array(${photoId}::text) OR ${photos} = to_jsonb(${photoId}::text))`))
			.limit(1);
		return rows.length > 0;
	}
}
