/**
 * The people who sign in. Usernames are case-insensitive (stored lower-case); passwords are kept
 * only as argon2id hashes; a disabled user keeps their row so their edits still name them.
 */
import type { UserRecord, UserRecords, UserUpdateOutcome } from '../store/accounts';
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

export function toUser(row: UserRecord): User {
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

/** What an update changes; what is left out stays. */
export interface UserChange {
	role?: Role;
	displayName?: string;
	passwordHash?: string;
	disabled?: boolean;
	/** The user's sessions that end with the change: every one, or every one but `keep`. */
	endSessions?: { keep?: string };
}

export class UserRepository {
	constructor(
		private readonly records: UserRecords,
		private readonly clock: () => Date = () => new Date()
	) {}

	async list(): Promise<User[]> {
		return (await this.records.list()).map(toUser);
	}

	async byId(id: number): Promise<User | undefined> {
		const row = await this.records.byId(id);
		return row ? toUser(row) : undefined;
	}

	async byUsername(username: string): Promise<User | undefined> {
		const row = await this.row(username);
		return row ? toUser(row) : undefined;
	}

	/** The stored hash, for signing in; undefined when there is no such user. */
	async passwordHashOf(username: string): Promise<{ user: User; passwordHash: string } | undefined> {
		const row = await this.row(username);
		return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
	}

	/** A new user; a taken username is refused with DuplicateAccountKeyError. */
	async create(input: { username: string; displayName?: string; role: Role; passwordHash: string }): Promise<User> {
		const now = this.clock().toISOString();
		const username = normaliseUsername(input.username);
		const row = await this.records.insert({ username, displayName: input.displayName?.trim() || username, role: input.role, passwordHash: input.passwordHash, createdAt: now, passwordChangedAt: now });
		return toUser(row);
	}

	/**
	 * Applies the change and ends the sessions it names as one write, refused (`last-admin`,
	 * nothing written) when it would leave no active administrator: the check reads the users as
	 * stored at the write, so two administrators demoting themselves at once cannot both pass it.
	 */
	update(id: number, change: UserChange): Promise<UserUpdateOutcome> {
		const now = this.clock().toISOString();
		return this.records.update(
			id,
			{
				role: change.role,
				displayName: change.displayName?.trim(),
				...(change.passwordHash !== undefined && { passwordHash: change.passwordHash, passwordChangedAt: now }),
				...(change.disabled !== undefined && { disabledAt: change.disabled ? now : null })
			},
			{ endSessions: change.endSessions }
		);
	}

	/** Administrators who can still sign in: the app must always keep one. */
	activeAdminCount(): Promise<number> {
		return this.records.activeAdminCount();
	}

	private row(username: string): Promise<UserRecord | undefined> {
		return this.records.byUsername(normaliseUsername(username));
	}
}
