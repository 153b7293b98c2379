/**
 * A problem found in user data. Validation returns these; it never throws on user data.
 * `path` points into the submitted document, e.g. `properties.status` or `geometry.coordinates.3.1`.
 */
export interface ValidationIssue {
	code: string;
	message: string;
	path: string;
}

export const issue = (code: string, message: string, path: string): ValidationIssue => ({ code, message, path });
