/**
 * Server-side sessions for the browser cookie and for API bearer tokens alike. The client holds a
 * random 256-bit secret; the database keeps only its SHA-256 as the session id, so a copy of the
 * database does not let anyone sign in. Signing out deletes the row: the secret is dead at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { sessions, users } from '../db/schema';
import { toUser, type User } from './users';

export type SessionKind = 'cookie' | 'token';

/** A session lives this long after it was last used. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Last-use is written at most this often, so reads do not turn into a write each. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface Session {
	id: string;
	kind: SessionKind;
	userId: number;
	expiresAt: string;
}

export const sessionIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Every request looks its session up: prepared once rather than built per request. */
const prepareLookup = (db: Db) =>
	db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, sql.placeholder('id'))).prepare();

export class SessionStore {
	private lookup: ReturnType<typeof prepareLookup> | undefined;
	/** Whether the last bookkeeping write failed: then the next failure is not logged again. */
	private failing = false;

	constructor(
		private readonly db: Db,
		private readonly clock: () => Date = () => new Date(),
		private readonly log: (message: string, error: unknown) => void = (message, error) => console.error(message, error)
	) {}

	/** A new session with a fresh secret; the secret is returned once and never stored. */
	create(userId: number, kind: SessionKind): { secret: string; session: Session } {
		const now = this.clock();
		const secret = randomBytes(32).toString('base64url');
		const session = { id: sessionIdOf(secret), kind, userId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() };
		this.db
			.insert(sessions)
			.values({ ...session, createdAt: now.toISOString(), lastSeenAt: now.toISOString() })
			.run();
		return { secret, session };
	}

	/**
	 * The session and its user for a secret presented as `kind`, or null when it is unknown,
	 * expired, of the other kind, or its user is disabled. Extends a live session's expiry.
	 */
	validate(secret: string, kind: SessionKind): { session: Session; user: User } | null {
		if (!secret || secret.length > 200) return null;
		const id = sessionIdOf(secret);
		const row = (this.lookup ??= prepareLookup(this.db)).get({ id });
		if (!row || row.sessions.kind !== kind) return null;
		const now = this.clock();
		if (Date.parse(row.sessions.expiresAt) <= now.getTime() || row.users.disabledAt !== null) {
			// Refused either way; removing the row is housekeeping (deleteExpired catches up later).
			this.bestEffort('remove an ended session', () => this.delete(id));
			return null;
		}
		let expiresAt = row.sessions.expiresAt;
		if (now.getTime() - Date.parse(row.sessions.lastSeenAt) > TOUCH_INTERVAL_MS) {
			const extended = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
			// "Last seen" is bookkeeping: a full or failing disk must not turn a read into an error.
			// When it cannot be written the session keeps its old expiry, and the next request tries again.
			if (this.bestEffort('record session use', () => this.db.update(sessions).set({ lastSeenAt: now.toISOString(), expiresAt: extended }).where(eq(sessions.id, id)).run())) {
				expiresAt = extended;
			}
		}
		return { session: { id, kind: row.sessions.kind, userId: row.sessions.userId, expiresAt }, user: toUser(row.users) };
	}

	/**
	 * Runs a bookkeeping write; a failure is logged (once until writes work again) and swallowed.
	 * Returns whether it was written.
	 */
	private bestEffort(what: string, write: () => void): boolean {
		// Without waiting for the write lock: a write waits synchronously, so while an import's
		// commit holds the lock every request would stand still behind a bookkeeping write.
		const sqlite = this.db.$client;
		const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
		try {
			sqlite.pragma('busy_timeout = 0');
			write();
			this.failing = false;
			return true;
		} catch (e) {
			if (!this.failing) {
				this.failing = true;
				this.log(`sanimap: could not ${what} (the request goes on; sessions keep their previous expiry until the database can be written again):`, e);
			}
			return false;
		} finally {
			sqlite.pragma(`busy_timeout = ${busyTimeout}`);
		}
	}

	delete(id: string): void {
		this.db.delete(sessions).where(eq(sessions.id, id)).run();
	}

	/** Ends every session of a user (a password reset, a disabled account), but `keepId` when given. */
	deleteForUser(userId: number, keepId?: string): number {
		const where = keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId);
		return this.db.delete(sessions).where(where).run().changes;
	}

	deleteExpired(): number {
		return this.db.delete(sessions).where(lt(sessions.expiresAt, this.clock().toISOString())).run().changes;
	}

	/** Live sessions of a user, for tests and the admin page. */
	countForUser(userId: number): number {
		return this.db
			.select({ id: sessions.id })
			.from(sessions)
			.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, this.clock().toISOString())))
			.all().length;
	}
}
