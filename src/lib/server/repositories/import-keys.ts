/** The import key maps on SQLite (contract: ../store/import-keys.ts), from the changesets' meta JSON text. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { changesets } from '../db/schema';
import type { ImportKeyReads } from '../store/import-keys';

export class SqliteImportKeyReads implements ImportKeyReads {
	constructor(private readonly db: Db) {}

	async keyMaps(kind: string, keyColumn: string): Promise<Record<string, number>[]> {
		const rows = this.db
			.select({ meta: changesets.meta })
			.from(changesets)
			.where(and(eq(changesets.source, 'import'), sql`json_extract(${changesets.meta}, '$.kind') = ${kind}`, sql`json_extract(${changesets.meta}, '$.keyColumn') = ${keyColumn}`))
			.orderBy(asc(changesets.id))
			.all();
		return rows.map(({ meta }) => ((meta ? JSON.parse(meta).keys : null) as Record<string, number> | null) ?? {});
	}
}
