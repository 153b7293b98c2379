/**
 * Accounts on PostgreSQL: the contracts of ../accounts.ts over `users`, `sessions` and
 * `user_zones`, with the SQLite store's answers (../../repositories/accounts.ts).
 *
 * Concurrency: READ COMMITTED. A user update runs under a transaction-scoped advisory lock, so
 * updates take turns as they do under SQLite's BEGIN IMMEDIATE: the last-administrator check
 * reads the administrators as the previous update left them. Row locks alone would not do: the
 * two updates lock different users and each counts the other still active. Replacing a user's
 * zones locks that user's row first, so two replacements of the same user take turns and the
 * second does not insert beside the first's rows. Bookkeeping writes on a session use NOWAIT:
 * a row another transaction has locked is refused at once (55P03), never waited for.
 */
import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/postgres';
import { refusingConstraints } from '../../db/postgres/errors';
import { sessions, users, userZones } from '../../db/postgres/schema';
import { DuplicateAccountKeyError, groupZones, removesActiveAdmin, UnknownUserError, writesColumns } from '../accounts';
import type { NewSessionRecord, NewUserRecord, SessionRecord, SessionRecords, UserRecord, UserRecords, UserUpdateOptions, UserUpdateOutcome, UserValues, UserZoneRecords } from '../accounts';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** The advisory lock every user update holds to its commit. */
const USER_UPDATE_LOCK = 0x5a41_5553; // "ZAUS"


const activeAdmins = (db: PgDb | Tx) =>
	db.select({ n: sql<number>`count(*)::int` }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))).then(([r]) => r.n);

export class PgUserStore implements UserRecords {
	constructor(private readonly db: PgDb) {}

	list(): Promise<UserRecord[]> {
		return this.db.select().from(users).orderBy(asc(users.username));
	}

	async byId(id: number): Promise<UserRecord | undefined> {
		const [row] = await this.db.select().from(users).where(eq(users.id, id));
		return row;
	}

	async byUsername(username: string): Promise<UserRecord | undefined> {
		const [row] = await this.db.select().from(users).where(eq(users.username, username));
		return row;
	}

	async insert(user: NewUserRecord): Promise<UserRecord> {
		const [row] = await refusingConstraints(this.db.insert(users).values(user).returning(), { unique: () => new DuplicateAccountKeyError('username') });
		return row;
	}

	update(id: number, values: UserValues, options: UserUpdateOptions = {}): Promise<UserUpdateOutcome> {
		return this.db.transaction(async (tx): Promise<UserUpdateOutcome> => {
			await tx.execute(sql`SELECT pg_advisory_xact_lock(${USER_UPDATE_LOCK})`);
			const [current] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, id));
			if (!current) return 'not-found';
			if (removesActiveAdmin(current, values) && (await activeAdmins(tx)) <= 1) return 'last-admin';
			if (writesColumns(values)) await tx.update(users).set(values).where(eq(users.id, id));
			const ending = options.endSessions;
			if (ending) await tx.delete(sessions).where(ending.keep ? and(eq(sessions.userId, id), ne(sessions.id, ending.keep)) : eq(sessions.userId, id));
			return 'updated';
		});
	}

	activeAdminCount(): Promise<number> {
		return activeAdmins(this.db);
	}
}

export class PgSessionStore implements SessionRecords {
	constructor(private readonly db: PgDb) {}

	async insert(session: NewSessionRecord): Promise<void> {
		await refusingConstraints(this.db.insert(sessions).values(session), {
			unique: () => new DuplicateAccountKeyError('session'),
			foreignKey: () => new UnknownUserError(session.userId)
		});
	}
	async find(id: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
		const [row] = await this.db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
		return row && { session: row.sessions, user: row.users };
	}

	async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
		await this.db.update(sessions).set({ lastSeenAt, expiresAt }).where(inArray(sessions.id, this.lockedAtOnce(id)));
	}

	async raiseReadAfter(id: string, changesetId: number): Promise<void> {
		await this.db
			.update(sessions)
			.set({ readAfter: sql`greatest(${sessions.readAfter}, ${changesetId}::integer)` })
			.where(eq(sessions.id, id));
	}

	async discard(id: string): Promise<void> {
		await this.db.delete(sessions).where(inArray(sessions.id, this.lockedAtOnce(id)));
	}

	/** The session's id, its row locked without waiting: a row locked elsewhere fails the statement. */
	private lockedAtOnce(id: string) {
		return this.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id)).for('update', { noWait: true });
	}

	async delete(id: string): Promise<void> {
		await this.db.delete(sessions).where(eq(sessions.id, id));
	}

	async deleteForUser(userId: number, keepId?: string): Promise<number> {
		const where = keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId);
		return (await this.db.delete(sessions).where(where)).rowCount ?? 0;
	}

	async deleteExpired(now: string): Promise<number> {
		return (await this.db.delete(sessions).where(lt(sessions.expiresAt, now))).rowCount ?? 0;
	}

	async countLive(userId: number, now: string): Promise<number> {
		const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
		return r.n;
	}
}

export class PgUserZoneStore implements UserZoneRecords {
	constructor(private readonly db: PgDb) {}

	zonesOf(userId: number): Promise<number[]> {
		return zoneIdsOf(this.db, userId);
	}

	replace(userId: number, zoneIds: readonly number[], createdAt: string, createdBy: string): Promise<number[]> {
		return this.db.transaction(async (tx) => {
			const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
			if (!user) throw new UnknownUserError(userId);
			await tx.delete(userZones).where(eq(userZones.userId, userId));
			const rows = [...new Set(zoneIds)].map((zoneId) => ({ userId, zoneId, createdAt, createdBy }));
			if (rows.length > 0) await tx.insert(userZones).values(rows);
			return zoneIdsOf(tx, userId);
		});
	}

	async all(): Promise<{ userId: number; zoneIds: number[] }[]> {
		return groupZones(await this.db.select({ userId: userZones.userId, zoneId: userZones.zoneId }).from(userZones).orderBy(userZones.userId, userZones.zoneId));
	}
}

const zoneIdsOf = async (db: PgDb | Tx, userId: number) =>
	(await db.select({ zoneId: userZones.zoneId }).from(userZones).where(eq(userZones.userId, userId)).orderBy(userZones.zoneId)).map((r) => r.zoneId);
