/**
 * A problem found in user data. Validation returns these; it never throws on user data.
 * `path` points into the submitted document, e.g. `properties.status` or `geometry.coordinates.3.1`.
 */
export interface ValidationIssue {
	code: string;
	message: string;
	path: string;
	/** The message in Chinese, where the UI shows it to a person (vector records). */
	messageZh?: string;
}

export const issue = (code: string, message: string, path: string): ValidationIssue => ({ code, message, path });
