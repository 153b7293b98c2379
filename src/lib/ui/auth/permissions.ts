/**
 * What the signed-in user may do, for showing or disabling controls. The server checks every
 * write again; this only spares people buttons that would be refused.
 *
 *   may(page.data.user, 'edit:bin')     may(page.data.user, 'import')
 *   blockedReason(page.data.user, 'edit:zone')  // an i18n key for the tooltip, or undefined
 */
import type { SessionUser } from './session-user';

export const editAction = (kind: string) => `edit:${kind}`;

/** `action` undefined: may they write anything at all. */
export function may(user: SessionUser | null | undefined, action?: string): boolean {
	if (!user) return false;
	return action === undefined ? user.permissions.length > 0 : user.permissions.includes(action);
}

/** Why a control is disabled, as an i18n key (`auth.blocked.*`), or undefined when it is allowed. */
export function blockedReason(user: SessionUser | null | undefined, action?: string): string | undefined {
	if (may(user, action)) return undefined;
	if (!user) return 'auth.blocked.anonymous';
	return user.permissions.length === 0 ? 'auth.blocked.viewer' : 'auth.blocked.kind';
}
