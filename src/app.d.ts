// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AuthUser, RequestSession } from '$lib/server/auth/auth-user';
import type { Locale } from '$lib/domain/i18n-text';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			/** The signed-in user, or null for an anonymous request (hooks.server.ts). */
			user: AuthUser | null;
			/** The session that authenticated the request: the browser's cookie or an API token. */
			session: RequestSession | null;
			/** Set by handleError when the request failed on the disk or the database lock, so it is answered 503. */
			storageFailure?: boolean;
			/** The language pages are rendered in: `?lang=`, the saved choice, else Accept-Language. */
			locale: Locale;
		}
	}
}

export {};
