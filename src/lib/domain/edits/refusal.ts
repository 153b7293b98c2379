import type { RefusalReason } from '../../issues';

/**
 * Why an edit cannot be applied now: a reason (the HTTP layer answers it with a status), a code and
 * a message a person understands. Actions return these from `disabled()`; they never throw on user data.
 */
export interface Refusal {
	code: string;
	message: string;
	reason: Extract<RefusalReason, 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'cannot-apply' | 'version-required'>;
	details?: Record<string, unknown>;
}

export const refuse = (reason: Refusal['reason'], code: string, message: string, details?: Record<string, unknown>): Refusal => ({ reason, code, message, details });

/** `what`: what the version is of, in the caller's words ("you edited", "of the case you saw"). */
export const versionRequired = (what: string): Refusal =>
	refuse('version-required', 'version.required', `Say which version ${what}: send If-Match: "<version>" or a "version" member.`);
