/**
 * Signing in, shared by the login page (cookie) and `POST /api/auth/login` (bearer token):
 * throttled per username and address and per address alone (rate-limit.ts), the same answer for an unknown user and a wrong password,
 * and always a brand-new session (no session fixation: a secret the client had before is never
 * promoted to a signed-in one).
 */
import { ApiError } from '../http/api-error';
import type { Auth } from './index';
import { loginKey } from './rate-limit';
import { verifyPassword } from './passwords';
import type { SessionKind } from './sessions';
import type { User } from './users';

export interface LoginInput {
	username: unknown;
	password: unknown;
	/** The client's address, for throttling. */
	address: string;
	kind: SessionKind;
}

export class LoginRateLimitedError extends ApiError {
	constructor(
		readonly retryAfterSeconds: number,
		scope: 'user' | 'address' = 'user'
	) {
		const who = scope === 'user' ? 'for this user from your address' : 'from your address';
		super(429, 'login.rate-limited', `Too many wrong passwords ${who}. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { retryAfterSeconds, scope });
	}
}

export async function logIn(auth: Auth, input: LoginInput): Promise<{ user: User; secret: string; expiresAt: string }> {
	if (typeof input.username !== 'string' || typeof input.password !== 'string' || !input.username.trim() || !input.password) {
		throw new ApiError(400, 'login.invalid', 'Send a username and a password.');
	}
	const key = loginKey(input.username, input.address);
	const wait = auth.loginLimiter.retryAfterSeconds(key);
	if (wait > 0) throw new LoginRateLimitedError(wait, 'user');
	const addressWait = auth.addressLimiter.retryAfterSeconds(input.address);
	if (addressWait > 0) throw new LoginRateLimitedError(addressWait, 'address');
	const found = await auth.users.passwordHashOf(input.username);
	const ok = await verifyPassword(found?.passwordHash ?? null, input.password);
	if (!ok || !found || found.user.disabled) {
		auth.loginLimiter.recordFailure(key);
		auth.addressLimiter.recordFailure(input.address);
		throw new ApiError(401, 'login.failed', 'Wrong username or password.');
	}
	// The address's count stays: signing in to one's own account must not reset the ceiling
	// an address meets while it tries passwords on others.
	auth.loginLimiter.reset(key);
	await auth.sessions.deleteExpired();
	const { secret, session } = await auth.sessions.create(found.user.id, input.kind);
	return { user: found.user, secret, expiresAt: session.expiresAt };
}
