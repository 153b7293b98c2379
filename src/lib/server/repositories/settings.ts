/**
 * The settings on SQLite (the contract is ../store/settings.ts): values are JSON text, read by one
 * prepared statement.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { settings } from '../db/schema';
import { UNCHANGED, type SettingRead, type SettingsStore, type StoredSetting } from '../store/settings';

export class SqliteSettingsStore implements SettingsStore {
	// The edit path reads the rules on every edit: building the query on each call was 8 % of an edit's time.
	private readonly row;

	constructor(private readonly db: Db) {
		this.row = db.select().from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare();
	}

	async read(key: string, known?: string): Promise<SettingRead | typeof UNCHANGED | undefined> {
		const row = this.row.get({ key });
		if (!row) return undefined;
		// The text itself is part of the revision: two writes within one millisecond by one author
		// still differ, and comparing the text costs far less than parsing it.
		const revision = `${row.updatedAt.length}:${row.updatedAt}${row.updatedBy.length}:${row.updatedBy}${row.value}`;
		if (revision === known) return UNCHANGED;
		return { revision, setting: { key: row.key, value: parsed(row.value), updatedAt: row.updatedAt, updatedBy: row.updatedBy } };
	}

	async put({ key, value, updatedAt, updatedBy }: StoredSetting): Promise<void> {
		const text = JSON.stringify(value);
		this.db
			.insert(settings)
			.values({ key, value: text, updatedAt, updatedBy })
			.onConflictDoUpdate({ target: settings.key, set: { value: text, updatedAt, updatedBy } })
			.run();
	}
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}
