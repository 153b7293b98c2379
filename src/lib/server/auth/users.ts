/**
 * The people who sign in. Usernames are case-insensitive (stored lower-case); passwords are kept
 * only as argon2id hashes; a disabled user keeps their row so their edits still name them.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { users, type UserRow } from '../db/schema';
import { isRole, type Role } from './roles';

export interface User {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	createdAt: string;
	passwordChangedAt: string;
	disabled: boolean;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export const normaliseUsername = (raw: string) => raw.trim().toLowerCase();

export interface UserIssue {
	code: 'username.invalid' | 'username.taken' | 'role.invalid' | 'displayName.invalid';
	message: string;
	path: string;
}

export function usernameIssues(raw: unknown): UserIssue[] {
	if (typeof raw !== 'string' || !USERNAME_PATTERN.test(normaliseUsername(raw))) {
		return [
			{
				code: 'username.invalid',
				message: 'A username has 2 to 32 characters: letters a–z, digits, dot, dash or underscore, starting with a letter or digit.',
				path: 'username'
			}
		];
	}
	return [];
}

export function roleIssues(raw: unknown): UserIssue[] {
	return isRole(raw) ? [] : [{ code: 'role.invalid', message: 'The role must be admin, planner, field or viewer.', path: 'role' }];
}

export function displayNameIssues(raw: unknown): UserIssue[] {
	if (raw === undefined) return [];
	if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > 100) {
		return [{ code: 'displayName.invalid', message: 'A display name has 1 to 100 characters.', path: 'displayName' }];
	}
	return [];
}

export function toUser(row: UserRow): User {
	return {
		id: row.id,
		username: row.username,
		displayName: row.displayName,
		role: isRole(row.role) ? row.role : 'viewer',
		createdAt: row.createdAt,
		passwordChangedAt: row.passwordChangedAt,
		disabled: row.disabledAt !== null
	};
}

export class UserRepository {
	constructor(
		private readonly db: Db,
		private readonly clock: () => Date = () => new Date()
	) {}

	list(): User[] {
		return this.db.select().from(users).orderBy(asc(users.username)).all().map(toUser);
	}

	byId(id: number): User | undefined {
		const row = this.db.select().from(users).where(eq(users.id, id)).get();
		return row ? toUser(row) : undefined;
	}

	byUsername(username: string): User | undefined {
		const row = this.row(username);
		return row ? toUser(row) : undefined;
	}

	/** The stored hash, for signing in; undefined when there is no such user. */
	passwordHashOf(username: string): { user: User; passwordHash: string } | undefined {
		const row = this.row(username);
		return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
	}

	create(input: { username: string; displayName?: string; role: Role; passwordHash: string }): User {
		const now = this.clock().toISOString();
		const username = normaliseUsername(input.username);
		// all(), not get(): outside a transaction an INSERT … RETURNING commits when the statement
		// finishes, and get() stops after the first row, so a failed commit (a full disk) would be
		// swallowed and a user reported created that was never stored.
		const [row] = this.db
			.insert(users)
			.values({ username, displayName: input.displayName?.trim() || username, role: input.role, passwordHash: input.passwordHash, createdAt: now, passwordChangedAt: now })
			.returning()
			.all();
		return toUser(row);
	}

	setRole(id: number, role: Role): void {
		this.db.update(users).set({ role }).where(eq(users.id, id)).run();
	}

	setDisplayName(id: number, displayName: string): void {
		this.db.update(users).set({ displayName: displayName.trim() }).where(eq(users.id, id)).run();
	}

	setPasswordHash(id: number, passwordHash: string): void {
		this.db.update(users).set({ passwordHash, passwordChangedAt: this.clock().toISOString() }).where(eq(users.id, id)).run();
	}

	setDisabled(id: number, disabled: boolean): void {
		this.db.update(users).set({ disabledAt: disabled ? this.clock().toISOString() : null }).where(eq(users.id, id)).run();
	}

	/**
	 * Runs `fn` as one write transaction (BEGIN IMMEDIATE, so no other writer can change what it
	 * reads before it commits). `fn` is synchronous: a check in it and the writes it guards are one step.
	 */
	inWriteTransaction<T>(fn: () => T): T {
		return this.db.$client.transaction(fn).immediate();
	}

	/** Administrators who can still sign in: the app must always keep one. */
	activeAdminCount(): number {
		return this.db.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt))).get()!.n;
	}

	private row(username: string): UserRow | undefined {
		return this.db.select().from(users).where(eq(users.username, normaliseUsername(username))).get();
	}
}
