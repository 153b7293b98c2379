/**
 * Who is making a request: a Bearer token (API clients) or the session cookie (the browser).
 * A token that is presented but not valid (also a malformed `Bearer a b`) is an error, so a script
 * learns its token expired; a stale cookie just means "signed out".
 */
import { ApiError } from '../http/api-error';
import type { AuthUser, RequestSession } from './auth-user';
import type { SessionStore } from './sessions';

export type Authentication = { user: AuthUser | null; session: RequestSession | null; staleCookie: boolean } | { error: ApiError };

export async function authenticate(sessions: SessionStore, authorization: string | null, cookie: string | undefined): Promise<Authentication> {
	if (/^bearer(\s|$)/i.test(authorization ?? '')) {
		const bearer = /^bearer\s+(\S+)\s*$/i.exec(authorization!);
		const found = bearer ? await sessions.validate(bearer[1], 'token') : undefined;
		if (!found) {
			return { error: new ApiError(401, 'auth.invalid-token', 'The bearer token is unknown, expired or signed out. Get a new one from POST /api/auth/login.') };
		}
		return { user: publicUser(found.user), session: { id: found.session.id, kind: 'token', readAfter: found.session.readAfter }, staleCookie: false };
	}
	if (cookie) {
		const found = await sessions.validate(cookie, 'cookie');
		if (found) return { user: publicUser(found.user), session: { id: found.session.id, kind: 'cookie', readAfter: found.session.readAfter }, staleCookie: false };
		return { user: null, session: null, staleCookie: true };
	}
	return { user: null, session: null, staleCookie: false };
}

const publicUser = ({ id, username, displayName, role }: AuthUser): AuthUser => ({ id, username, displayName, role });
