/**
 * The accounts contracts (accounts.ts), the same cases against each store: the SQLite file of the
 * embedded default and PostgreSQL. The last-administrator rule counts every user of a database,
 * so each case gets a database of its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db';
import { openPostgres } from '../db/postgres';
import { SqliteSessionStore, SqliteUserStore, SqliteUserZoneStore } from '../repositories/accounts';
import { createTestDatabase } from '../../../../tests/helpers/postgres';
import { PgSessionStore, PgUserStore, PgUserZoneStore } from './postgres/accounts';
import { DuplicateAccountKeyError, UnknownUserError, type NewSessionRecord, type NewUserRecord, type SessionRecords, type UserRecords, type UserZoneRecords } from './accounts';

interface Store {
	users: UserRecords;
	sessions: SessionRecords;
	zones: UserZoneRecords;
	/** Another connection takes the lock a write of this session would need; the answer releases it. */
	lockSession(id: string): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

const STORES: { name: string; open: () => Promise<Store> }[] = [
	{
		name: 'SQLite',
		open: async () => {
			const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-accounts-')), 'test.db'));
			return {
				users: new SqliteUserStore(db),
				sessions: new SqliteSessionStore(db),
				zones: new SqliteUserZoneStore(db),
				// SQLite locks the whole file for a writer, as an import's commit in its worker does.
				lockSession: async () => {
					const other = openDatabase(db.$client.name);
					other.$client.prepare('BEGIN IMMEDIATE').run();
					return async () => {
						other.$client.prepare('ROLLBACK').run();
						other.$client.close();
					};
				},
				close: async () => void db.$client.close()
			};
		}
	},
	{
		name: 'PostgreSQL',
		open: async () => {
			const db = await openPostgres(await createTestDatabase(), { max: 6 });
			return {
				users: new PgUserStore(db),
				sessions: new PgSessionStore(db),
				zones: new PgUserZoneStore(db),
				lockSession: async (id) => {
					const other = await db.$client.connect();
					await other.query('BEGIN');
					await other.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [id]);
					return async () => {
						await other.query('ROLLBACK');
						other.release();
					};
				},
				close: () => db.$client.end()
			};
		}
	}
];

const at = (minute: number) => new Date(Date.parse('2026-03-02T08:00:00.000Z') + minute * 60_000).toISOString();

const newUser = (username: string, role = 'field'): NewUserRecord => ({ username, displayName: username.toUpperCase(), role, passwordHash: `hash-${username}`, createdAt: at(0), passwordChangedAt: at(0) });

const newSession = (id: string, userId: number, expiresAt = at(60)): NewSessionRecord => ({ id, userId, kind: 'cookie', createdAt: at(0), expiresAt, lastSeenAt: at(0) });

/** What a promise was rejected with; undefined when it was not. */
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe.each(STORES)('accounts on the $name store', ({ open }) => {
	let store: Store;
	beforeEach(async () => void (store = await open()));
	afterEach(() => store.close());

	describe('users', () => {
		it('stores a new user enabled, with an id, and finds it by id and by username', async () => {
			const wang = await store.users.insert(newUser('wang'));
			expect(wang).toEqual({ ...newUser('wang'), id: expect.any(Number), disabledAt: null });
			expect(await store.users.byId(wang.id)).toEqual(wang);
			expect(await store.users.byUsername('wang')).toEqual(wang);
			const li = await store.users.insert(newUser('li'));
			expect(li.id).not.toBe(wang.id);
		});

		it('answers undefined for a user that is not stored', async () => {
			await store.users.insert(newUser('wang'));
			expect(await store.users.byId(999_999)).toBeUndefined();
			expect(await store.users.byUsername('zhang')).toBeUndefined();
			expect(await store.users.byUsername('WANG')).toBeUndefined();
		});

		it('lists every user by username', async () => {
			for (const name of ['zhao', 'an', 'li']) await store.users.insert(newUser(name));
			expect((await store.users.list()).map((u) => u.username)).toEqual(['an', 'li', 'zhao']);
		});

		it('refuses a taken username and stores nothing', async () => {
			await store.users.insert(newUser('wang'));
			const refused = await failure(store.users.insert({ ...newUser('wang'), displayName: 'Another' }));
			expect(refused).toBeInstanceOf(DuplicateAccountKeyError);
			expect((refused as DuplicateAccountKeyError).key).toBe('username');
			expect(await store.users.list()).toHaveLength(1);
			expect((await store.users.byUsername('wang'))?.displayName).toBe('WANG');
		});

		it('writes the columns an update names and keeps the others', async () => {
			const wang = await store.users.insert(newUser('wang'));
			expect(await store.users.update(wang.id, { displayName: 'Wang Fang', role: 'planner' })).toBe('updated');
			expect(await store.users.update(wang.id, { passwordHash: 'new-hash', passwordChangedAt: at(5), role: undefined })).toBe('updated');
			expect(await store.users.byId(wang.id)).toEqual({ ...wang, displayName: 'Wang Fang', role: 'planner', passwordHash: 'new-hash', passwordChangedAt: at(5) });
			expect(await store.users.update(wang.id, { disabledAt: at(6) })).toBe('updated');
			expect((await store.users.byId(wang.id))?.disabledAt).toBe(at(6));
			expect(await store.users.update(wang.id, { disabledAt: null })).toBe('updated');
			expect((await store.users.byId(wang.id))?.disabledAt).toBeNull();
		});

		it('answers not-found for an update of a user that is not stored, and ends no session', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			expect(await store.users.update(999_999, { role: 'viewer' }, { endSessions: {} })).toBe('not-found');
			expect(await store.sessions.find('s1')).toBeDefined();
		});

		it('ends the sessions an update names in the same write: all, or all but one', async () => {
			const wang = await store.users.insert(newUser('wang'));
			const li = await store.users.insert(newUser('li'));
			for (const id of ['a', 'b', 'c']) await store.sessions.insert(newSession(id, wang.id));
			await store.sessions.insert(newSession('li-1', li.id));
			expect(await store.users.update(wang.id, { passwordHash: 'h2', passwordChangedAt: at(1) }, { endSessions: { keep: 'b' } })).toBe('updated');
			expect(await store.sessions.find('a')).toBeUndefined();
			expect(await store.sessions.find('b')).toBeDefined();
			expect(await store.sessions.find('c')).toBeUndefined();
			// An update that writes no column still ends the sessions.
			expect(await store.users.update(wang.id, {}, { endSessions: {} })).toBe('updated');
			expect(await store.sessions.find('b')).toBeUndefined();
			expect(await store.sessions.find('li-1')).toBeDefined();
		});

		it('counts the administrators who can sign in', async () => {
			expect(await store.users.activeAdminCount()).toBe(0);
			await store.users.insert(newUser('root', 'admin'));
			const second = await store.users.insert(newUser('second', 'admin'));
			await store.users.insert(newUser('wang', 'planner'));
			expect(await store.users.activeAdminCount()).toBe(2);
			await store.users.update(second.id, { disabledAt: at(1) });
			expect(await store.users.activeAdminCount()).toBe(1);
		});

		it('refuses to demote or disable the only active administrator, and writes nothing of that update', async () => {
			const root = await store.users.insert(newUser('root', 'admin'));
			const retired = await store.users.insert(newUser('retired', 'admin'));
			await store.users.update(retired.id, { disabledAt: at(1) });
			await store.sessions.insert(newSession('root-1', root.id));
			expect(await store.users.update(root.id, { role: 'planner', displayName: 'Root' }, { endSessions: {} })).toBe('last-admin');
			expect(await store.users.update(root.id, { disabledAt: at(2) })).toBe('last-admin');
			expect(await store.users.byId(root.id)).toEqual(root);
			expect(await store.sessions.find('root-1')).toBeDefined();
			// What keeps the role and the access is no concern of the rule.
			expect(await store.users.update(root.id, { role: 'admin', displayName: 'Root' })).toBe('updated');
			// Nor is a disabled administrator's role.
			expect(await store.users.update(retired.id, { role: 'viewer' })).toBe('updated');
		});

		it('lets one of two active administrators step down, not both, even at the same moment', async () => {
			const a = await store.users.insert(newUser('a', 'admin'));
			const b = await store.users.insert(newUser('b', 'admin'));
			const outcomes = await Promise.all([store.users.update(a.id, { role: 'planner' }), store.users.update(b.id, { disabledAt: at(1) })]);
			expect(outcomes.sort()).toEqual(['last-admin', 'updated']);
			expect(await store.users.activeAdminCount()).toBe(1);
		});
	});

	describe('sessions', () => {
		it('finds a session with its user, and answers undefined for one that is not stored', async () => {
			const wang = await store.users.insert(newUser('wang'));
			const session = { ...newSession('s1', wang.id), kind: 'token' };
			await store.sessions.insert(session);
			expect(await store.sessions.find('s1')).toEqual({ session: { ...session, readAfter: 0 }, user: wang });
			expect(await store.sessions.find('s2')).toBeUndefined();
		});

		it('raises the changeset a session wrote, never lowers it, and writes nothing for a session that is not stored', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			await store.sessions.insert(newSession('s2', wang.id));
			await store.sessions.raiseReadAfter('s1', 41);
			expect((await store.sessions.find('s1'))?.session.readAfter).toBe(41);
			// A slower write's answer, after a later one's: the session still reads after the later.
			await store.sessions.raiseReadAfter('s1', 40);
			expect((await store.sessions.find('s1'))?.session).toMatchObject({ readAfter: 41, lastSeenAt: at(0), expiresAt: at(60) });
			await store.sessions.raiseReadAfter('s1', 2 ** 31 - 1);
			expect((await store.sessions.find('s1'))?.session.readAfter).toBe(2 ** 31 - 1);
			expect((await store.sessions.find('s2'))?.session.readAfter).toBe(0);
			await expect(store.sessions.raiseReadAfter('gone', 7)).resolves.toBeUndefined();
			expect(await store.sessions.find('gone')).toBeUndefined();
		});

		it('finds an expired session and one of a disabled user as they are', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('old', wang.id, at(-1)));
			await store.users.update(wang.id, { disabledAt: at(1) });
			const found = await store.sessions.find('old');
			expect(found?.session.expiresAt).toBe(at(-1));
			expect(found?.user.disabledAt).toBe(at(1));
		});

		it('refuses a session id that is stored already, and one for a user that is not', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			const duplicate = await failure(store.sessions.insert({ ...newSession('s1', wang.id), kind: 'token' }));
			expect(duplicate).toBeInstanceOf(DuplicateAccountKeyError);
			expect((duplicate as DuplicateAccountKeyError).key).toBe('session');
			expect((await store.sessions.find('s1'))?.session.kind).toBe('cookie');
			const orphan = await failure(store.sessions.insert(newSession('s2', 999_999)));
			expect(orphan).toBeInstanceOf(UnknownUserError);
			expect((orphan as UnknownUserError).userId).toBe(999_999);
			expect(await store.sessions.find('s2')).toBeUndefined();
		});

		it('records a use and its new expiry, and touches nothing for a session that is not stored', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			await store.sessions.touch('s1', at(10), at(70));
			expect((await store.sessions.find('s1'))?.session).toMatchObject({ lastSeenAt: at(10), expiresAt: at(70), createdAt: at(0) });
			await expect(store.sessions.touch('gone', at(10), at(70))).resolves.toBeUndefined();
			expect(await store.sessions.find('gone')).toBeUndefined();
		});

		it('removes a session by discard or delete; a missing one is no error', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			await store.sessions.insert(newSession('s2', wang.id));
			await store.sessions.discard('s1');
			await store.sessions.delete('s2');
			expect(await store.sessions.find('s1')).toBeUndefined();
			expect(await store.sessions.find('s2')).toBeUndefined();
			await expect(store.sessions.discard('s1')).resolves.toBeUndefined();
			await expect(store.sessions.delete('s2')).resolves.toBeUndefined();
		});

		it("removes a user's sessions but the one kept, and says how many", async () => {
			const wang = await store.users.insert(newUser('wang'));
			const li = await store.users.insert(newUser('li'));
			for (const id of ['a', 'b', 'c']) await store.sessions.insert(newSession(id, wang.id));
			await store.sessions.insert(newSession('li-1', li.id));
			expect(await store.sessions.deleteForUser(wang.id, 'b')).toBe(2);
			expect(await store.sessions.find('b')).toBeDefined();
			expect(await store.sessions.deleteForUser(wang.id)).toBe(1);
			expect(await store.sessions.deleteForUser(wang.id)).toBe(0);
			expect(await store.sessions.find('li-1')).toBeDefined();
		});

		it('removes the sessions that expired before a time and counts those that expire after it', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('early', wang.id, at(10)));
			await store.sessions.insert(newSession('edge', wang.id, at(20)));
			await store.sessions.insert(newSession('late', wang.id, at(30)));
			expect(await store.sessions.countLive(wang.id, at(20))).toBe(1);
			expect(await store.sessions.countLive(wang.id, at(0))).toBe(3);
			expect(await store.sessions.deleteExpired(at(20))).toBe(1);
			expect(await store.sessions.find('early')).toBeUndefined();
			expect(await store.sessions.find('edge')).toBeDefined();
			expect(await store.sessions.countLive(wang.id, at(0))).toBe(2);
			expect(await store.sessions.countLive(999_999, at(0))).toBe(0);
		});

		it('refuses at once, rather than wait, a bookkeeping write while another writer holds the lock', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.sessions.insert(newSession('s1', wang.id));
			const release = await store.lockSession('s1');
			try {
				const t0 = performance.now();
				expect(await failure(store.sessions.touch('s1', at(10), at(70)))).toBeInstanceOf(Error);
				expect(await failure(store.sessions.discard('s1'))).toBeInstanceOf(Error);
				expect(performance.now() - t0).toBeLessThan(1_000);
			} finally {
				await release();
			}
			expect((await store.sessions.find('s1'))?.session.lastSeenAt).toBe(at(0));
			// With the lock free again, both are written.
			await store.sessions.touch('s1', at(10), at(70));
			expect((await store.sessions.find('s1'))?.session.lastSeenAt).toBe(at(10));
			await store.sessions.discard('s1');
			expect(await store.sessions.find('s1')).toBeUndefined();
		});
	});

	describe('zones given to users', () => {
		it('replaces the zones of a user, each once and ascending, and leaves other users alone', async () => {
			const wang = await store.users.insert(newUser('wang'));
			const li = await store.users.insert(newUser('li'));
			expect(await store.zones.zonesOf(wang.id)).toEqual([]);
			expect(await store.zones.replace(wang.id, [30, 10, 30, 20], at(1), 'admin')).toEqual([10, 20, 30]);
			expect(await store.zones.replace(li.id, [20], at(1), 'admin')).toEqual([20]);
			expect(await store.zones.replace(wang.id, [40, 10], at(2), 'admin')).toEqual([10, 40]);
			expect(await store.zones.zonesOf(wang.id)).toEqual([10, 40]);
			expect(await store.zones.zonesOf(li.id)).toEqual([20]);
			expect(await store.zones.all()).toEqual([
				{ userId: wang.id, zoneIds: [10, 40] },
				{ userId: li.id, zoneIds: [20] }
			]);
			expect(await store.zones.replace(wang.id, [], at(3), 'admin')).toEqual([]);
			expect(await store.zones.all()).toEqual([{ userId: li.id, zoneIds: [20] }]);
		});

		it('refuses zones for a user that is not stored and writes none', async () => {
			const refused = await failure(store.zones.replace(999_999, [10], at(1), 'admin'));
			expect(refused).toBeInstanceOf(UnknownUserError);
			expect(await store.zones.zonesOf(999_999)).toEqual([]);
			expect(await store.zones.all()).toEqual([]);
		});

		it('keeps one replacement whole when two of the same user run at once', async () => {
			const wang = await store.users.insert(newUser('wang'));
			await store.zones.replace(wang.id, [1, 2], at(1), 'admin');
			const answers = await Promise.all([store.zones.replace(wang.id, [2, 3, 4], at(2), 'a'), store.zones.replace(wang.id, [4, 5], at(2), 'b')]);
			const stored = await store.zones.zonesOf(wang.id);
			expect([[2, 3, 4], [4, 5]]).toContainEqual(stored);
			expect(answers).toContainEqual(stored);
		});
	});
});
