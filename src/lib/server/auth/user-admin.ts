/**
 * What an administrator does to accounts, and a user to their own password: validated input
 * (coded issues as a 400), the rule that one active administrator always remains, and the
 * session consequences: a new password ends the user's other sessions, a disabled account all.
 */
import { ApiError } from '../http/api-error';
import { DuplicateAccountKeyError } from '../store/accounts';
import type { Auth } from './index';
import { hashPassword, passwordIssues, verifyPassword } from './passwords';
import { passwordCheckKey } from './rate-limit';
import { isRole } from './roles';
import { displayNameIssues, roleIssues, usernameIssues, type User } from './users';

type Issue = { code: string; message: string; path: string };

function invalid(issues: Issue[]): ApiError {
	return new ApiError(400, 'user.invalid', issues.map((i) => i.message).join(' '), { issues });
}

const asObject = (body: unknown): Record<string, unknown> => {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'body.not-object', 'Send a JSON object.');
	return body as Record<string, unknown>;
};

export async function createUser(auth: Auth, body: unknown): Promise<User> {
	const input = asObject(body);
	const issues: Issue[] = [...usernameIssues(input.username), ...roleIssues(input.role), ...displayNameIssues(input.displayName), ...passwordIssues(input.password)];
	if (issues.length > 0) throw invalid(issues);
	const taken = () => new ApiError(409, 'username.taken', `There is already a user "${String(input.username).trim().toLowerCase()}".`);
	if (await auth.users.byUsername(input.username as string)) throw taken();
	const passwordHash = await hashPassword(input.password as string);
	try {
		return await auth.users.create({
			username: input.username as string,
			displayName: input.displayName as string | undefined,
			role: input.role as User['role'],
			passwordHash
		});
	} catch (e) {
		// Created by another request while this one was hashing: the same answer as when it was there before.
		if (e instanceof DuplicateAccountKeyError) throw taken();
		throw e;
	}
}

/** Changes role, display name, password or disabled state; `actingSessionId` survives a reset of one's own password. */
export async function updateUser(auth: Auth, username: string, body: unknown, actingSessionId: string | undefined): Promise<User> {
	const user = await auth.users.byUsername(username);
	if (!user) throw new ApiError(404, 'user.not-found', `There is no user "${username}".`);
	const input = asObject(body);
	const known = new Set(['role', 'displayName', 'password', 'disabled']);
	const unknown = Object.keys(input).filter((k) => !known.has(k));
	const issues: Issue[] = unknown.map((k) => ({ code: 'field.unknown', message: `"${k}" cannot be changed here.`, path: k }));
	if (input.role !== undefined) issues.push(...roleIssues(input.role));
	if (input.displayName !== undefined) issues.push(...displayNameIssues(input.displayName));
	if (input.password !== undefined) issues.push(...passwordIssues(input.password));
	if (input.disabled !== undefined && typeof input.disabled !== 'boolean') issues.push({ code: 'disabled.invalid', message: '"disabled" is true or false.', path: 'disabled' });
	if (issues.length > 0) throw invalid(issues);

	// Hashing takes a while and yields: it is done first, and the last-administrator rule is
	// checked in the same write as the changes, on the users as stored then, so two
	// administrators demoting themselves at the same moment cannot both pass the check.
	const passwordHash = typeof input.password === 'string' ? await hashPassword(input.password) : undefined;
	const disabled = typeof input.disabled === 'boolean' ? input.disabled : undefined;
	const outcome = await auth.users.update(user.id, {
		role: isRole(input.role) ? input.role : undefined,
		displayName: typeof input.displayName === 'string' ? input.displayName : undefined,
		passwordHash,
		disabled,
		// A disabled account loses every session; a new password, all but the one that set it.
		endSessions: disabled ? {} : passwordHash ? { keep: actingSessionId } : undefined
	});
	if (outcome === 'last-admin') {
		throw new ApiError(409, 'user.last-admin', 'This is the only active administrator; make someone else an administrator first.');
	}
	return (await auth.users.byId(user.id))!;
}

/**
 * A user changes their own password; every other session of theirs ends, this one stays. The
 * current password is checked under the same throttle as signing in (per user), so a stolen
 * session cannot be used to guess it.
 */
export async function changeOwnPassword(auth: Auth, userId: number, sessionId: string, body: unknown): Promise<void> {
	const input = asObject(body);
	const issues: Issue[] = passwordIssues(input.newPassword, 'newPassword');
	if (typeof input.currentPassword !== 'string' || !input.currentPassword) issues.push({ code: 'password.missing', message: 'Give your current password.', path: 'currentPassword' });
	if (issues.length > 0) throw invalid(issues);
	const key = passwordCheckKey(userId);
	const wait = auth.passwordChangeLimiter.retryAfterSeconds(key);
	if (wait > 0) {
		throw new ApiError(429, 'password.rate-limited', `Too many wrong current passwords. Try again in ${Math.ceil(wait / 60)} minute(s); nothing was changed.`, { retryAfterSeconds: wait });
	}
	const user = (await auth.users.byId(userId))!;
	const stored = (await auth.users.passwordHashOf(user.username))!;
	if (!(await verifyPassword(stored.passwordHash, input.currentPassword as string))) {
		auth.passwordChangeLimiter.recordFailure(key);
		throw new ApiError(403, 'password.wrong', 'Your current password is not right; nothing was changed.');
	}
	auth.passwordChangeLimiter.reset(key);
	await auth.users.update(userId, { passwordHash: await hashPassword(input.newPassword as string), endSessions: { keep: sessionId } });
}
