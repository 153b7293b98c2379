import type { RefusalReason } from '../../issues';

/**
 * Why a service could not do what was asked, in the service's own terms: a reason, a stable code
 * the pages have words for, a message a person understands, and what the message was built from.
 * Services know nothing of HTTP; the HTTP layer alone turns the reason into a status
 * (`src/lib/server/http/api-error.ts`), the CLI into a message.
 */
export class ServiceError extends Error {
	constructor(
		readonly reason: RefusalReason,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		readonly params?: Record<string, string | number>
	) {
		super(message);
	}
}
