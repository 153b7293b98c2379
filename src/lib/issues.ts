/**
 * A problem found in user data. Validation returns these; it never throws on user data.
 * `path` points into the submitted document, e.g. `properties.status` or `geometry.coordinates.3.1`.
 * `params` are the values the English `message` is built from (a field's key, a limit, the value
 * found), so that a page can say the same in the reader's language from the `code`.
 */
export type IssueParams = Record<string, string | number>;

export interface ValidationIssue<C extends string = string> {
	code: C;
	message: string;
	path: string;
	params?: IssueParams;
	/** The message in Chinese, where the UI shows it to a person (vector records). */
	messageZh?: string;
}

export const issue = <C extends string>(code: C, message: string, path: string, params?: IssueParams): ValidationIssue<C> => ({ code, message, path, ...(params ? { params } : {}) });

/**
 * Why a request is refused, in the terms of the layer that refuses it. Domain rules, file readers
 * and services give one of these; only the HTTP layer turns it into a status
 * (`src/lib/server/http/api-error.ts`).
 */
export type RefusalReason =
	/** The request itself is wrong: a value out of range, a missing field, an unreadable file. */
	| 'invalid'
	/** The person may not do this here (another zone, another role). */
	| 'forbidden'
	| 'not-found'
	/** The request is right but what is stored now forbids it. */
	| 'conflict'
	| 'too-large'
	/** A file or body of a type that is not read. */
	| 'unsupported-type'
	/** Well formed, but it cannot apply to these features (a point far from the road to split). */
	| 'cannot-apply'
	/** A change that must name the version it was made on did not. */
	| 'version-required'
	| 'rate-limited'
	/** Not now (busy, stopping, a part missing); trying later may work. */
	| 'unavailable'
	/** Something relied on failed; trying again will not help. */
	| 'failed';
