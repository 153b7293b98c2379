/**
 * The project's settings (the `settings` table): one JSON value per key, with who stored it and
 * when. The SQLite store keeps the value as JSON text and PostgreSQL as jsonb; either way the
 * value comes out parsed.
 */

export interface StoredSetting {
	key: string;
	/** The stored JSON value, parsed; a stored text that is not JSON (a file edited by hand) reads as null. */
	value: unknown;
	updatedAt: string;
	updatedBy: string;
}

/** A setting as read, with a revision that names its stored state. */
export interface SettingRead {
	setting: StoredSetting;
	/**
	 * Opaque to callers, made by the store: equal revisions of a key mean the same value, time and
	 * author; any write that changes one of them changes the revision.
	 */
	revision: string;
}

/** What `read` answers when the setting is still at the revision the caller named. */
export const UNCHANGED = 'unchanged';

export interface SettingsStore {
	/**
	 * The setting under `key`, one query: undefined when none is stored; UNCHANGED when `known`
	 * is its revision now, without reading or parsing its value again, so a caller that keeps what
	 * it derived from the value checks the row on every use for the price of its revision.
	 */
	read(key: string, known?: string): Promise<SettingRead | typeof UNCHANGED | undefined>;
	/** Stores `value` under `key`, in place of any value there (keys are unique). */
	put(setting: StoredSetting): Promise<void>;
}
