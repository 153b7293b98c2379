/**
 * Accounts on SQLite: the contracts of ../store/accounts.ts over `users`, `sessions` and
 * `user_zones`. Writes that must be atomic are one BEGIN IMMEDIATE transaction, so no other
 * writer can change what they read before they commit.
 */
import { and, asc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { sessions, users, userZones } from '../db/schema';
import { DuplicateAccountKeyError, groupZones, removesActiveAdmin, UnknownUserError, writesColumns } from '../store/accounts';
import type { NewSessionRecord, NewUserRecord, SessionRecord, SessionRecords, UserRecord, UserRecords, UserUpdateOptions, UserUpdateOutcome, UserValues, UserZoneRecords } from '../store/accounts';

const sqliteCode = (e: unknown) => (e as { code?: unknown } | null)?.code;

const sessionsOfUser = (userId: number, keepId?: string) => (keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId));

export class SqliteUserStore implements UserRecords {
	constructor(private readonly db: Db) {}

	async list(): Promise<UserRecord[]> {
		return this.db.select().from(users).orderBy(asc(users.username)).all();
	}

	async byId(id: number): Promise<UserRecord | undefined> {
		return this.db.select().from(users).where(eq(users.id, id)).get();
	}

	async byUsername(username: string): Promise<UserRecord | undefined> {
		return this.db.select().from(users).where(eq(users.username, username)).get();
	}

	async insert(user: NewUserRecord): Promise<UserRecord> {
		try {
			// all(), not get(): outside a transaction an INSERT … RETURNING commits when the statement
			// finishes, and get() stops after the first row, so a failed commit (a full disk) would be
			// swallowed and a user reported created that was never stored.
			return this.db.insert(users).values(user).returning().all()[0];
		} catch (e) {
			if (sqliteCode(e) === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateAccountKeyError('username');
			throw e;
		}
	}

	async update(id: number, values: UserValues, options: UserUpdateOptions = {}): Promise<UserUpdateOutcome> {
		const update = (): UserUpdateOutcome => {
			const current = this.db.select().from(users).where(eq(users.id, id)).get();
			if (!current) return 'not-found';
			if (removesActiveAdmin(current, values) && this.countActiveAdmins() <= 1) return 'last-admin';
			if (writesColumns(values)) this.db.update(users).set(values).where(eq(users.id, id)).run();
			if (options.endSessions) this.db.delete(sessions).where(sessionsOfUser(id, options.endSessions.keep)).run();
			return 'updated';
		};
		return this.db.$client.transaction(update).immediate();
	}

	async activeAdminCount(): Promise<number> {
		return this.countActiveAdmins();
	}

	private countActiveAdmins(): number {
		return this.db.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))).get()!.n;
	}
}

/** Every request looks its session up: prepared once rather than built per request. */
const prepareLookup = (db: Db) =>
	db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, sql.placeholder('id'))).prepare();

export class SqliteSessionStore implements SessionRecords {
	private lookup: ReturnType<typeof prepareLookup> | undefined;

	constructor(private readonly db: Db) {}

	async insert(session: NewSessionRecord): Promise<void> {
		try {
			this.db.insert(sessions).values(session).run();
		} catch (e) {
			if (sqliteCode(e) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateAccountKeyError('session');
			if (sqliteCode(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new UnknownUserError(session.userId);
			throw e;
		}
	}

	async find(id: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
		const row = (this.lookup ??= prepareLookup(this.db)).get({ id });
		return row && { session: row.sessions, user: row.users };
	}

	async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
		this.withoutWaiting(() => this.db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id)).run());
	}

	async raiseReadAfter(id: string, changesetId: number): Promise<void> {
		this.db
			.update(sessions)
			.set({ readAfter: sql`max(${sessions.readAfter}, ${changesetId})` })
			.where(eq(sessions.id, id))
			.run();
	}

	async discard(id: string): Promise<void> {
		this.withoutWaiting(() => this.db.delete(sessions).where(eq(sessions.id, id)).run());
	}

	/**
	 * Runs a write without waiting for the write lock: a write waits synchronously, so while an
	 * import's commit holds the lock every request would stand still behind a bookkeeping write.
	 */
	private withoutWaiting(write: () => void): void {
		const sqlite = this.db.$client;
		const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
		try {
			sqlite.pragma('busy_timeout = 0');
			write();
		} finally {
			sqlite.pragma(`busy_timeout = ${busyTimeout}`);
		}
	}

	async delete(id: string): Promise<void> {
		this.db.delete(sessions).where(eq(sessions.id, id)).run();
	}

	async deleteForUser(userId: number, keepId?: string): Promise<number> {
		return this.db.delete(sessions).where(sessionsOfUser(userId, keepId)).run().changes;
	}

	async deleteExpired(now: string): Promise<number> {
		return this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
	}

	async countLive(userId: number, now: string): Promise<number> {
		return this.db.select({ n: sql<number>`count(*)` }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now))).get()!.n;
	}
}

export class SqliteUserZoneStore implements UserZoneRecords {
	constructor(private readonly db: Db) {}

	async zonesOf(userId: number): Promise<number[]> {
		return this.zoneIds(userId);
	}

	async replace(userId: number, zoneIds: readonly number[], createdAt: string, createdBy: string): Promise<number[]> {
		const replace = () => {
			if (!this.db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new UnknownUserError(userId);
			this.db.delete(userZones).where(eq(userZones.userId, userId)).run();
			for (const zoneId of new Set(zoneIds)) this.db.insert(userZones).values({ userId, zoneId, createdAt, createdBy }).run();
			return this.zoneIds(userId);
		};
		return this.db.$client.transaction(replace).immediate();
	}

	async all(): Promise<{ userId: number; zoneIds: number[] }[]> {
		return groupZones(this.db.select({ userId: userZones.userId, zoneId: userZones.zoneId }).from(userZones).orderBy(userZones.userId, userZones.zoneId).all());
	}

	private zoneIds(userId: number): number[] {
		return this.db
			.select({ zoneId: userZones.zoneId })
			.from(userZones)
			.where(eq(userZones.userId, userId))
			.orderBy(userZones.zoneId)
			.all()
			.map((r) => r.zoneId);
	}
}
