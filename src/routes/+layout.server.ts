import { sessionUser } from '$lib/server/auth/session-user';
import { getApp } from '$lib/server/app';
import type { SessionUser } from '$lib/ui/auth/session-user';
import type { ServerTime } from '$lib/ui/project-time';
import type { Locale } from '$lib/domain/i18n-text';

/**
 * Every page knows who is signed in and what they may do, to show or disable controls, and the
 * server's time and the project's time zone, so that "today" and "last month" on a page are the
 * server's, not those of the clock and zone of the device showing it; and the language the server
 * rendered the page in, so the browser starts in the same one.
 */
export const load = async ({ locals }): Promise<{ user: SessionUser | null; time: ServerTime; locale: Locale }> => {
	const user = locals.user;
	const { clock, timeZone, userZones } = getApp();
	return {
		user: user ? await sessionUser(user, (id) => userZones.zonesOf(id)) : null,
		time: { now: clock().toISOString(), timeZone },
		locale: locals.locale
	};
};
