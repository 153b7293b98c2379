/**
 * Why an edit cannot be applied now: a code, a message a person understands, and the HTTP status
 * the API answers with. Actions return these from `disabled()`; they never throw on user data.
 */
export interface Refusal {
	code: string;
	message: string;
	/**
	 * 400: the request itself is wrong; 409: the stored features do not allow it now; 422: it cannot
	 * apply here; 428: it must name the version it was based on.
	 */
	status: 400 | 403 | 404 | 409 | 422 | 428;
	details?: Record<string, unknown>;
}

export const refuse = (status: Refusal['status'], code: string, message: string, details?: Record<string, unknown>): Refusal => ({ status, code, message, details });

/** `what`: what the version is of, in the caller's words ("you edited", "of the case you saw"). */
export const versionRequired = (what: string): Refusal =>
	refuse(428, 'version.required', `Say which version ${what}: send If-Match: "<version>" or a "version" member.`);
