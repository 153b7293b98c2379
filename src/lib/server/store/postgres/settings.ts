/**
 * The settings on PostgreSQL (the contract is ../settings.ts): values are jsonb, read by one
 * prepared statement that sends the value only when its revision is not the one the caller knows.
 */
import { eq, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/postgres';
import { settings } from '../../db/postgres/schema';
import { UNCHANGED, type SettingRead, type SettingsStore, type StoredSetting } from '../settings';

/**
 * The revision is made on the server from a digest of the value, so an unchanged row costs neither
 * the transfer of its value nor the parse of it (the driver parses every jsonb it receives).
 */
const revision = sql<string>`length(${settings.updatedAt}) || ':' || ${settings.updatedAt} || length(${settings.updatedBy}) || ':' || ${settings.updatedBy} || md5(${settings.value}::text)`;

export class PgSettingsStore implements SettingsStore {
	private readonly row;

	constructor(private readonly db: PgDb) {
		this.row = db
			.select({
				key: settings.key,
				updatedAt: settings.updatedAt,
				updatedBy: settings.updatedBy,
				revision,
				unchanged: sql<boolean>`${revision} IS NOT DISTINCT FROM ${sql.placeholder('known')}::text`,
				value: sql<unknown>`CASE WHEN ${revision} IS NOT DISTINCT FROM ${sql.placeholder('known')}::text THEN NULL ELSE ${settings.value} END`
			})
			.from(settings)
			.where(eq(settings.key, sql.placeholder('key')))
			.prepare('settings.read');
	}

	async read(key: string, known?: string): Promise<SettingRead | typeof UNCHANGED | undefined> {
		const [row] = await this.row.execute({ key, known: known ?? null });
		if (!row) return undefined;
		if (row.unchanged) return UNCHANGED;
		return { revision: row.revision, setting: { key: row.key, value: row.value, updatedAt: row.updatedAt, updatedBy: row.updatedBy } };
	}

	async put({ key, value, updatedAt, updatedBy }: StoredSetting): Promise<void> {
		// As text cast to jsonb: drizzle would send a JSON null as SQL NULL.
		const json = sql`${JSON.stringify(value)}::jsonb`;
		await this.db
			.insert(settings)
			.values({ key, value: json, updatedAt, updatedBy })
			.onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt, updatedBy } });
	}
}
