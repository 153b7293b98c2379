/** The import key maps on PostgreSQL (contract: ../import-keys.ts), from the changesets' jsonb meta. */
import type { PgDb } from '../../db/postgres';
import type { ImportKeyReads } from '../import-keys';

export class PgImportKeyReads implements ImportKeyReads {
	constructor(private readonly db: PgDb) {}

	async keyMaps(kind: string, keyColumn: string): Promise<Record<string, number>[]> {
		const { rows } = await this.db.$client.query<{ keys: Record<string, number> | null }>({
			name: 'imports.keyMaps',
			text: `SELECT meta -> 'keys' AS keys FROM changesets
				WHERE source = 'import' AND meta ->> 'kind' = $1 AND meta ->> 'keyColumn' = $2 ORDER BY id`,
			values: [kind, keyColumn]
		});
		return rows.map((r) => r.keys ?? {});
	}
}
