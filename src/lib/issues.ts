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
