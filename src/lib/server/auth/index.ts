/**
 * Accounts for the server: users, sessions and the login throttle over the app's one database,
 * created on first use. Route handlers use `requirePermission` (require-permission.ts).
 */
import { getApp } from '../app';
import { FailureRateLimiter, LOGIN_LIMIT } from './rate-limit';
import { SessionStore } from './sessions';
import { UserRepository } from './users';

export interface Auth {
	users: UserRepository;
	sessions: SessionStore;
	loginLimiter: FailureRateLimiter;
}

let auth: Auth | undefined;

export function getAuth(): Auth {
	if (auth) return auth;
	const { db } = getApp();
	auth = { users: new UserRepository(db), sessions: new SessionStore(db), loginLimiter: new FailureRateLimiter(LOGIN_LIMIT) };
	return auth;
}

export { requirePermission, requireUser } from './require-permission';
export type { Action } from './permissions';
export type { AuthUser } from './auth-user';
export type { Role } from './roles';
