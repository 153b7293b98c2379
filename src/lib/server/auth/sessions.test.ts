import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db';
import { sessions as sessionsTable } from '../db/schema';
import { SESSION_TTL_MS, SessionStore, sessionIdOf } from './sessions';
import { UserRepository } from './users';
import { ensureFirstAdmin } from './first-admin';
import { verifyPassword } from './passwords';
import { SqliteSessionStore, SqliteUserStore } from '../repositories/accounts';

describe('users and sessions on a real SQLite file', () => {
	let now: number;
	let users: UserRepository;
	let sessions: SessionStore;
	let db: ReturnType<typeof openDatabase>;

	beforeEach(() => {
		now = Date.parse('2025-05-01T08:00:00Z');
		db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-auth-')), 'test.db'));
		users = new UserRepository(new SqliteUserStore(db), () => new Date(now));
		sessions = new SessionStore(new SqliteSessionStore(db), () => new Date(now));
	});

	const addUser = (username: string) => users.create({ username, role: 'field', passwordHash: 'x' });

	it('stores only the SHA-256 of the secret', async () => {
		const user = await addUser('wang');
		const { secret } = await sessions.create(user.id, 'cookie');
		const rows = db.select().from(sessionsTable).all();
		expect(rows.map((r) => r.id)).toEqual([sessionIdOf(secret)]);
		expect(JSON.stringify(rows)).not.toContain(secret);
	});

	it('accepts a secret only as the kind it was issued for', async () => {
		const user = await addUser('wang');
		const cookie = (await sessions.create(user.id, 'cookie')).secret;
		expect((await sessions.validate(cookie, 'cookie'))?.user.username).toBe('wang');
		expect(await sessions.validate(cookie, 'token')).toBeNull();
		expect(await sessions.validate('not-a-secret', 'cookie')).toBeNull();
	});

	it('ends a session that has not been used for its lifetime, and extends one in use', async () => {
		const user = await addUser('wang');
		const a = (await sessions.create(user.id, 'token')).secret;
		const b = (await sessions.create(user.id, 'token')).secret;
		now += SESSION_TTL_MS - 60_000;
		expect(await sessions.validate(a, 'token')).not.toBeNull();
		now += 120_000;
		expect(await sessions.validate(a, 'token')).not.toBeNull();
		expect(await sessions.validate(b, 'token')).toBeNull();
	});

	it('ends every session of a user but the one kept, and all of a disabled user', async () => {
		const user = await addUser('wang');
		const keep = await sessions.create(user.id, 'cookie');
		const other = (await sessions.create(user.id, 'token')).secret;
		expect(await sessions.deleteForUser(user.id, keep.session.id)).toBe(1);
		expect(await sessions.validate(other, 'token')).toBeNull();
		expect(await sessions.validate(keep.secret, 'cookie')).not.toBeNull();
		expect(await users.update(user.id, { disabled: true })).toBe('updated');
		expect(await sessions.validate(keep.secret, 'cookie')).toBeNull();
	});

	it('keeps a signed-in read working when its last-use write fails, logs that once, and catches up after', async () => {
		const logged: string[] = [];
		const store = new SessionStore(new SqliteSessionStore(db), () => new Date(now), (message) => logged.push(message));
		const user = await addUser('wang');
		const { secret, session } = await store.create(user.id, 'token');
		const lastSeen = () => db.select().from(sessionsTable).all()[0].lastSeenAt;
		now += 5 * 60_000;
		// As a full disk would: every write of this connection fails (SQLITE_READONLY here).
		db.$client.pragma('query_only = ON');
		try {
			for (let i = 0; i < 3; i++) {
				const found = await store.validate(secret, 'token');
				expect(found?.user.username).toBe('wang');
				expect(found?.session.expiresAt).toBe(session.expiresAt);
			}
		} finally {
			db.$client.pragma('query_only = OFF');
		}
		expect(logged).toHaveLength(1);
		expect(logged[0]).toMatch(/could not record session use/);
		expect(lastSeen()).toBe(new Date(now - 5 * 60_000).toISOString());
		// Once writes work again, the use is recorded and the session extended.
		expect((await store.validate(secret, 'token'))?.session.expiresAt).toBe(new Date(now + SESSION_TTL_MS).toISOString());
		expect(lastSeen()).toBe(new Date(now).toISOString());
	});

	it('signs a session in with the newest changeset written under it, and shrugs off a failure to record one', async () => {
		const logged: string[] = [];
		const store = new SessionStore(new SqliteSessionStore(db), () => new Date(now), (message) => logged.push(message));
		const user = await addUser('wang');
		const { secret, session } = await store.create(user.id, 'token');
		expect(session.readAfter).toBe(0);
		expect((await store.validate(secret, 'token'))?.session.readAfter).toBe(0);
		await store.rememberWrite(session.id, 12);
		await store.rememberWrite(session.id, 9);
		expect((await store.validate(secret, 'token'))?.session.readAfter).toBe(12);
		db.$client.pragma('query_only = ON');
		try {
			await expect(store.rememberWrite(session.id, 15)).resolves.toBeUndefined();
		} finally {
			db.$client.pragma('query_only = OFF');
		}
		expect(logged).toEqual([expect.stringMatching(/could not remember the changeset a session wrote \(the request goes on; its answer still names the changeset/)]);
		expect((await store.validate(secret, 'token'))?.session.readAfter).toBe(12);
	});

	it('does not wait for the write lock to record a session use while another connection writes', async () => {
		const user = await addUser('wang');
		const { secret } = await sessions.create(user.id, 'token');
		now += 2 * 60_000;
		// Another connection holds the write lock, as an import's commit in its worker does.
		const other = openDatabase(db.$client.name);
		other.$client.prepare('BEGIN IMMEDIATE').run();
		try {
			const t0 = performance.now();
			expect((await sessions.validate(secret, 'token'))?.user.username).toBe('wang');
			expect(performance.now() - t0).toBeLessThan(1_000);
		} finally {
			other.$client.prepare('ROLLBACK').run();
			other.$client.close();
		}
		expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
		// With the lock free again, the next use is recorded.
		now += 1_000;
		await sessions.validate(secret, 'token');
		expect(db.select().from(sessionsTable).get()!.lastSeenAt).toBe(new Date(now).toISOString());
	});

	it('creates the first administrator once, from the configured password', async () => {
		const lines: string[] = [];
		await ensureFirstAdmin({ users, sessions }, 'first-admin-pass', (l) => lines.push(l));
		await ensureFirstAdmin({ users, sessions }, 'another-password', (l) => lines.push(l));
		expect((await users.list()).map((u) => [u.username, u.role])).toEqual([['admin', 'admin']]);
		expect(await verifyPassword((await users.passwordHashOf('admin'))!.passwordHash, 'first-admin-pass')).toBe(true);
		expect(lines).toHaveLength(1);
		expect(lines[0]).not.toContain('first-admin-pass');
	});

	it('restores the administrator account when no administrator can sign in, and ends its sessions', async () => {
		const admin = await users.create({ username: 'admin', role: 'viewer', passwordHash: 'old' });
		expect(await users.update(admin.id, { disabled: true })).toBe('updated');
		await sessions.create(admin.id, 'cookie');
		expect(await sessions.countForUser(admin.id)).toBe(1);
		const lines: string[] = [];
		await ensureFirstAdmin({ users, sessions }, 'restored-pass', (l) => lines.push(l));
		expect(await users.byId(admin.id)).toMatchObject({ role: 'admin', disabled: false });
		expect(await verifyPassword((await users.passwordHashOf('admin'))!.passwordHash, 'restored-pass')).toBe(true);
		expect(await sessions.countForUser(admin.id)).toBe(0);
		expect(lines).toEqual([expect.stringMatching(/restored the administrator "admin"/)]);
	});

	it('prints a generated password once when none is configured', async () => {
		const lines: string[] = [];
		await ensureFirstAdmin({ users, sessions }, undefined, (l) => lines.push(l));
		// Framed: a rule above and below, so it stands out of the start's output.
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^┌─+$/);
		expect(lines[2]).toMatch(/^└─+$/);
		const password = /password (\S+) /.exec(lines[1])?.[1];
		expect(password).toHaveLength(24);
		expect(await verifyPassword((await users.passwordHashOf('ADMIN'))!.passwordHash, password!)).toBe(true);
	});

	it('refuses a configured first password that is too short', async () => {
		await expect(ensureFirstAdmin({ users, sessions }, 'short', () => {})).rejects.toThrow(/SANIMAP_ADMIN_PASSWORD.*8 characters/);
	});
});
