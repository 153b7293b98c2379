import { json } from '@sveltejs/kit';

/**
 * An error the caller can act on: sent as `{ code, message, details }` with its HTTP status, and
 * `params` where given: the values the English message is built from, for a page that says it in
 * the reader's language.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		readonly params?: Record<string, string | number>
	) {
		super(message);
	}
}

/** The error as JSON; a `retryAfterSeconds` in its details is also sent as Retry-After. */
export function errorResponse(error: ApiError): Response {
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
	if (typeof retryAfter === 'number') headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter)));
	return json(
		{ code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}), ...(error.params !== undefined ? { params: error.params } : {}) },
		{ status: error.status, headers }
	);
}
