import type { SessionUser } from '../../ui/auth/session-user';
import type { AuthUser } from './auth-user';
import { PERMISSIONS } from './permissions';

/** The signed-in user as pages and `GET /api/auth/me` show it: who, the role's actions, and the zones given to them. */
export async function sessionUser(user: AuthUser, zonesOf: (userId: number) => Promise<number[]>): Promise<SessionUser> {
	return { username: user.username, displayName: user.displayName, role: user.role, permissions: [...PERMISSIONS[user.role]], zones: await zonesOf(user.id) };
}
