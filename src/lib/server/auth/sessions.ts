/**
 * Server-side sessions for the browser cookie and for API bearer tokens alike. The client holds a
 * random 256-bit secret; the database keeps only its SHA-256 as the session id, so a copy of the
 * database does not let anyone sign in. Signing out deletes the row: the secret is dead at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecords } from '../store/accounts';
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
	/** The newest changeset written under this session; 0: none yet. */
	readAfter: number;
}

export const sessionIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class SessionStore {
	/** Whether the last bookkeeping write failed: then the next failure is not logged again. */
	private failing = false;

	constructor(
		private readonly records: SessionRecords,
		private readonly clock: () => Date = () => new Date(),
		private readonly log: (message: string, error: unknown) => void = (message, error) => console.error(message, error)
	) {}

	/** A new session with a fresh secret; the secret is returned once and never stored. */
	async create(userId: number, kind: SessionKind): Promise<{ secret: string; session: Session }> {
		const now = this.clock();
		const secret = randomBytes(32).toString('base64url');
		const stored = { id: sessionIdOf(secret), kind, userId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() };
		await this.records.insert({ ...stored, createdAt: now.toISOString(), lastSeenAt: now.toISOString() });
		return { secret, session: { ...stored, readAfter: 0 } };
	}

	/**
	 * The session and its user for a secret presented as `kind`, or null when it is unknown,
	 * expired, of the other kind, or its user is disabled. Extends a live session's expiry.
	 */
	async validate(secret: string, kind: SessionKind): Promise<{ session: Session; user: User } | null> {
		if (!secret || secret.length > 200) return null;
		const id = sessionIdOf(secret);
		const row = await this.records.find(id);
		if (!row || row.session.kind !== kind) return null;
		const now = this.clock();
		if (Date.parse(row.session.expiresAt) <= now.getTime() || row.user.disabledAt !== null) {
			// Refused either way; removing the row is housekeeping (deleteExpired catches up later).
			await this.bestEffort('remove an ended session', () => this.records.discard(id));
			return null;
		}
		let expiresAt = row.session.expiresAt;
		if (now.getTime() - Date.parse(row.session.lastSeenAt) > TOUCH_INTERVAL_MS) {
			const extended = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
			// "Last seen" is bookkeeping: a full or failing disk must not turn a read into an error.
			// When it cannot be written the session keeps its old expiry, and the next request tries again.
			if (await this.bestEffort('record session use', () => this.records.touch(id, now.toISOString(), extended))) {
				expiresAt = extended;
			}
		}
		return { session: { id, kind, userId: row.session.userId, expiresAt, readAfter: row.session.readAfter }, user: toUser(row.user) };
	}

	/**
	 * Records that changeset `changesetId` was written under session `id`, so that the session's
	 * next reads, on any app server, include it. The write itself is stored already: a failure here
	 * is logged, and the answer still carries the changeset for its client to send back.
	 */
	async rememberWrite(id: string, changesetId: number): Promise<void> {
		await this.bestEffort('remember the changeset a session wrote', () => this.records.raiseReadAfter(id, changesetId), 'its answer still names the changeset, for the client to send back');
	}

	/**
	 * Runs a bookkeeping write (one the store makes without waiting for another writer's lock); a
	 * failure is logged (once until writes work again) and swallowed. Returns whether it was written.
	 */
	private async bestEffort(what: string, write: () => Promise<void>, meanwhile = 'sessions keep their previous expiry until the database can be written again'): Promise<boolean> {
		try {
			await write();
			this.failing = false;
			return true;
		} catch (e) {
			if (!this.failing) {
				this.failing = true;
				this.log(`sanimap: could not ${what} (the request goes on; ${meanwhile}):`, e);
			}
			return false;
		}
	}

	delete(id: string): Promise<void> {
		return this.records.delete(id);
	}

	/** Ends every session of a user (a password reset, a disabled account), but `keepId` when given. */
	deleteForUser(userId: number, keepId?: string): Promise<number> {
		return this.records.deleteForUser(userId, keepId);
	}

	deleteExpired(): Promise<number> {
		return this.records.deleteExpired(this.clock().toISOString());
	}

	/** Live sessions of a user, for tests and the admin page. */
	countForUser(userId: number): Promise<number> {
		return this.records.countLive(userId, this.clock().toISOString());
	}
}
