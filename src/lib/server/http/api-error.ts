import { json } from '@sveltejs/kit';
import type { RefusalReason } from '../../issues';
import { ServiceError } from '../services/service-error';

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

/** The one place a reason for refusing becomes an HTTP status. */
export const STATUS_OF_REASON: Readonly<Record<RefusalReason, number>> = {
	invalid: 400,
	forbidden: 403,
	'not-found': 404,
	conflict: 409,
	'too-large': 413,
	'unsupported-type': 415,
	'cannot-apply': 422,
	'version-required': 428,
	'rate-limited': 429,
	failed: 500,
	unavailable: 503
};

export const apiErrorOf = (e: ServiceError): ApiError => new ApiError(STATUS_OF_REASON[e.reason], e.code, e.message, e.details, e.params);

/** `e` as the API answers it when it is an error the caller can act on, else null. */
export function asApiError(e: unknown): ApiError | null {
	if (e instanceof ApiError) return e;
	if (e instanceof ServiceError) return apiErrorOf(e);
	return null;
}
