import { json } from '@sveltejs/kit';

/** An error the caller can act on: sent as `{ code, message, details }` with its HTTP status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

export function errorResponse(error: ApiError): Response {
	return json(
		{ code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) },
		{ status: error.status, headers: { 'cache-control': 'no-store' } }
	);
}
