import { PERMISSIONS } from '$lib/server/auth/permissions';
import type { SessionUser } from '$lib/ui/auth/session-user';

/** Every page knows who is signed in and what they may do, to show or disable controls. */
export const load = ({ locals }): { user: SessionUser | null } => {
	const user = locals.user;
	return { user: user ? { username: user.username, displayName: user.displayName, role: user.role, permissions: [...PERMISSIONS[user.role]] } : null };
};
