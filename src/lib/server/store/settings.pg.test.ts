/**
 * The settings contract (settings.ts), the same cases against each store: the SQLite file of the
 * embedded default and PostgreSQL. Each store gets one database for the file; each case works
 * under keys of its own, so the cases need no order.
 */
import { describe, expect, it } from 'vitest';
import { bothStores, openedFor } from '../../../../tests/helpers/stores';
import { DEFAULT_RULES } from '../../domain/rules';
import { SqliteSettingsStore } from '../repositories/settings';
import { RULES_KEY, RulesService } from '../services/rules/rules';
import { PgSettingsStore } from './postgres/settings';
import { UNCHANGED, type SettingRead, type SettingsStore } from './settings';

const STORES = bothStores<SettingsStore>({ sqlite: (db) => new SqliteSettingsStore(db), postgres: (db) => new PgSettingsStore(db) });

let keys = 0;
/** A key no other case uses. */
const fresh = () => `setting${++keys}`;
const AT = '2026-05-01T08:00:00.000Z';

/** The read, known to be a stored setting. */
function stored(read: SettingRead | typeof UNCHANGED | undefined): SettingRead {
	if (read === undefined || read === UNCHANGED) throw new Error(`expected a stored setting, got ${String(read)}`);
	return read;
}

describe.each(STORES)('the $name settings store', ({ open }) => {
	const store = openedFor(open);

	it('answers undefined for a key never stored, whatever revision the caller names', async () => {
		const key = fresh();
		expect(await store.here.read(key)).toBeUndefined();
		expect(await store.here.read(key, 'some revision')).toBeUndefined();
	});

	it('stores a value with who and when, and reads it back parsed', async () => {
		const key = fresh();
		const value = { radius: 70, spacing: { alley: 300, main: 50.5 }, levels: [1, null, 'C'], on: true, off: false, note: '門前 "三包"' };
		await store.here.put({ key, value, updatedAt: AT, updatedBy: 'planner' });
		const read = stored(await store.here.read(key));
		expect(read.setting).toEqual({ key, value, updatedAt: AT, updatedBy: 'planner' });
		expect(typeof read.revision).toBe('string');
		expect(stored(await store.there.read(key)).setting).toEqual(read.setting);
	});

	it('keeps JSON values of every type as they were stored', async () => {
		for (const value of [0, -1.25, 'text', true, null, [], {}, [{ a: [{}] }]]) {
			const key = fresh();
			await store.here.put({ key, value, updatedAt: AT, updatedBy: 'a' });
			expect(stored(await store.here.read(key)).setting.value).toEqual(value);
		}
	});

	it('answers UNCHANGED for the revision read last, and the setting again for any other', async () => {
		const key = fresh();
		await store.here.put({ key, value: { a: 1 }, updatedAt: AT, updatedBy: 'a' });
		const { revision } = stored(await store.here.read(key));
		expect(await store.here.read(key, revision)).toBe(UNCHANGED);
		expect(await store.there.read(key, revision)).toBe(UNCHANGED);
		expect(stored(await store.here.read(key, `${revision}x`)).revision).toBe(revision);
	});

	it('replaces the value under a key: one setting per key, the last one written', async () => {
		const key = fresh();
		await store.here.put({ key, value: { a: 1, b: 2 }, updatedAt: AT, updatedBy: 'a' });
		await store.there.put({ key, value: { c: 3 }, updatedAt: '2026-05-02T08:00:00.000Z', updatedBy: 'b' });
		expect(stored(await store.here.read(key)).setting).toEqual({ key, value: { c: 3 }, updatedAt: '2026-05-02T08:00:00.000Z', updatedBy: 'b' });
	});

	it('gives a new revision to a change of the value alone, the time alone or the author alone', async () => {
		const key = fresh();
		await store.here.put({ key, value: { a: 1 }, updatedAt: AT, updatedBy: 'a' });
		let last = stored(await store.here.read(key)).revision;
		for (const write of [
			// Two writes within one millisecond by one author.
			{ value: { a: 2 }, updatedAt: AT, updatedBy: 'a' },
			{ value: { a: 2 }, updatedAt: '2026-05-01T08:00:00.001Z', updatedBy: 'a' },
			{ value: { a: 2 }, updatedAt: '2026-05-01T08:00:00.001Z', updatedBy: 'b' }
		]) {
			await store.there.put({ key, ...write });
			const read = stored(await store.here.read(key, last));
			expect(read.setting).toEqual({ key, ...write });
			expect(read.revision).not.toBe(last);
			last = read.revision;
		}
	});

	it('keeps each key apart', async () => {
		const [a, b] = [fresh(), fresh()];
		await store.here.put({ key: a, value: 'first', updatedAt: AT, updatedBy: 'a' });
		const before = stored(await store.here.read(a)).revision;
		await store.here.put({ key: b, value: 'second', updatedAt: AT, updatedBy: 'a' });
		expect(await store.here.read(a, before)).toBe(UNCHANGED);
		expect(stored(await store.here.read(b)).setting.value).toBe('second');
	});

	it('under the rules: a server parses the row again only when it changed, and sees another server’s change at once', async () => {
		const clock = () => new Date(AT);
		const here = new RulesService(store.here, clock);
		const there = new RulesService(store.there, clock);
		const defaults = await here.get();
		expect(defaults).toEqual({ rules: DEFAULT_RULES, overrides: {}, updatedAt: null, updatedBy: null });
		expect(await here.get()).toBe(defaults);
		const put = await there.put({ hotspotDeadlineDays: 3 }, 'admin');
		expect(put.ok).toBe(true);
		const changed = await here.get();
		expect(changed).toMatchObject({ rules: { hotspotDeadlineDays: 3 }, overrides: { hotspotDeadlineDays: 3 }, updatedAt: AT, updatedBy: 'admin' });
		expect(await here.get()).toBe(changed);
		expect(Object.isFrozen(changed.rules)).toBe(true);
		// The same instant and author, another value: still seen.
		await there.put({ hotspotDeadlineDays: 4 }, 'admin');
		expect((await here.get()).rules.hotspotDeadlineDays).toBe(4);
		expect(stored(await store.here.read(RULES_KEY)).setting.value).toEqual({ hotspotDeadlineDays: 4 });
	});
});
