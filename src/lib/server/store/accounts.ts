/**
 * The accounts part of the store seam: the people who sign in (`users`), their sessions
 * (`sessions`) and the zones they answer for (`user_zones`). The services in ../auth/ keep the
 * rules (hashing, expiry, who may do what); a store keeps the rows and makes the writes that must
 * be one step atomic. Every method is asynchronous so that a store over the network fits the same
 * seam; the SQLite one answers at once.
 *
 * Times are ISO 8601 UTC text with milliseconds, given by the caller (the services hold the
 * clock), and compare as text. A refusal leaves nothing written.
 */

/** A stored user, as the row holds it; `role` is whatever text was stored. */
export interface UserRecord {
	id: number;
	/** Unique; the services store it lower-case. */
	username: string;
	displayName: string;
	role: string;
	/** argon2id hash. */
	passwordHash: string;
	createdAt: string;
	passwordChangedAt: string;
	/** When the user was disabled; null: they may sign in. */
	disabledAt: string | null;
}

export type NewUserRecord = Omit<UserRecord, 'id' | 'disabledAt'>;

/** Columns an update writes; one left out keeps its value. */
export type UserValues = Partial<Pick<UserRecord, 'role' | 'displayName' | 'passwordHash' | 'passwordChangedAt' | 'disabledAt'>>;

export interface UserUpdateOptions {
	/** The user's sessions that end in the same transaction: every one, or every one but `keep`. */
	endSessions?: { keep?: string };
}

/**
 * What an update did: `updated`; `not-found` (no such user); `last-admin`, refused because the user
 * is the only active administrator and the update would take the role or the access away.
 */
export type UserUpdateOutcome = 'updated' | 'not-found' | 'last-admin';

export interface UserRecords {
	/** Every user, by username ascending. */
	list(): Promise<UserRecord[]>;
	/** undefined when there is no such user. */
	byId(id: number): Promise<UserRecord | undefined>;
	/** By the username exactly as stored (the caller normalises it); undefined when there is none. */
	byUsername(username: string): Promise<UserRecord | undefined>;
	/** Stores a new user, enabled, with a new id. Refused with DuplicateAccountKeyError('username') when the username is taken. */
	insert(user: NewUserRecord): Promise<UserRecord>;
	/**
	 * Writes `values` to the user and ends the sessions `options` names, as one transaction in
	 * which no other account write can come between the last-administrator check (`removesActiveAdmin`
	 * against the active administrators then) and the writes: two administrators demoting each
	 * other at once cannot both succeed.
	 */
	update(id: number, values: UserValues, options?: UserUpdateOptions): Promise<UserUpdateOutcome>;
	/** Users with the role `admin` who are not disabled. */
	activeAdminCount(): Promise<number>;
}

/** Whether writing `values` takes the role or the access from `current` while they are an active administrator. */
export function removesActiveAdmin(current: Pick<UserRecord, 'role' | 'disabledAt'>, values: UserValues): boolean {
	if (current.role !== 'admin' || current.disabledAt !== null) return false;
	return (values.role !== undefined && values.role !== 'admin') || (values.disabledAt !== undefined && values.disabledAt !== null);
}

/** Whether an update names any column to write (an empty one writes no row, only ends sessions). */
export const writesColumns = (values: UserValues) => Object.values(values).some((v) => v !== undefined);

/** A stored session; `id` is the SHA-256 of the client's secret, never the secret. */
export interface SessionRecord {
	id: string;
	userId: number;
	/** `cookie` or `token`. */
	kind: string;
	createdAt: string;
	expiresAt: string;
	lastSeenAt: string;
	/** The newest changeset written under the session; 0: none yet (read-after.ts). */
	readAfter: number;
}

/** A session as it is first stored: it has written nothing yet. */
export type NewSessionRecord = Omit<SessionRecord, 'readAfter'>;

export interface SessionRecords {
	/**
	 * Stores a new session. Refused with DuplicateAccountKeyError('session') when the id is stored
	 * already, with UnknownUserError when its user is not.
	 */
	insert(session: NewSessionRecord): Promise<void>;
	/** The session and its user, whatever their state (expired, disabled); undefined when there is no such session. */
	find(id: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
	/**
	 * Bookkeeping: records a use of the session and its new expiry. It never waits for a lock
	 * another writer holds (a sign-in must not stand still behind an import's commit): it rejects
	 * at once instead, and nothing is written. A missing session: nothing is written.
	 */
	touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
	/**
	 * Records that changeset `changesetId` was written under the session: its `readAfter` becomes
	 * the greater of the two, so writes answered out of order never lower it. It waits for locks,
	 * as a write's answer must not leave before it is stored. A missing session: nothing is written.
	 */
	raiseReadAfter(id: string, changesetId: number): Promise<void>;
	/** Bookkeeping: removes an ended session, with `touch`'s rule on locks. */
	discard(id: string): Promise<void>;
	/** Removes a session (signing out); a missing one: nothing happens. */
	delete(id: string): Promise<void>;
	/** Removes every session of a user but `keepId` when given; how many were removed. */
	deleteForUser(userId: number, keepId?: string): Promise<number>;
	/** Removes the sessions that expired before `now`; how many. */
	deleteExpired(now: string): Promise<number>;
	/** Sessions of a user that expire after `now`. */
	countLive(userId: number, now: string): Promise<number>;
}

export interface UserZoneRecords {
	/** The zone ids given to a user, ascending; empty when none (or no such user). */
	zonesOf(userId: number): Promise<number[]>;
	/**
	 * Replaces the zones given to a user, as one transaction: afterwards the user has exactly
	 * `zoneIds` (each once, however often given), stamped `createdAt` / `createdBy`, and no write
	 * of the same user's zones at the same time is mixed in. Answers the zones as stored, ascending.
	 * Refused with UnknownUserError when the user is not stored. Zone ids are not checked here.
	 */
	replace(userId: number, zoneIds: readonly number[], createdAt: string, createdBy: string): Promise<number[]>;
	/** Every user that has zones with their zone ids ascending, by user id ascending. */
	all(): Promise<{ userId: number; zoneIds: number[] }[]>;
}

/** A write met a unique key that is stored already (a username, a session id): nothing was written. */
export class DuplicateAccountKeyError extends Error {
	constructor(readonly key: 'username' | 'session') {
		super(key === 'username' ? 'The username is taken.' : 'The session id is stored already.');
	}
}

/** A write for a user that is not stored: nothing was written. */
export class UnknownUserError extends Error {
	constructor(readonly userId: number) {
		super(`There is no user ${userId}.`);
	}
}

/** `all()`'s answer from rows ordered by user id, then zone id. */
export function groupZones(rows: readonly { userId: number; zoneId: number }[]): { userId: number; zoneIds: number[] }[] {
	const groups: { userId: number; zoneIds: number[] }[] = [];
	for (const { userId, zoneId } of rows) {
		const last = groups.at(-1);
		if (last?.userId === userId) last.zoneIds.push(zoneId);
		else groups.push({ userId, zoneIds: [zoneId] });
	}
	return groups;
}
