/** Who makes a changeset, from where, and why. */
export interface ChangesetInput {
	author: string;
	/** The signed-in user, when there is one. */
	userId?: number | null;
	source: 'web' | 'field' | 'import' | 'api' | 'seed';
	comment?: string;
	revertOf?: number;
	meta?: Record<string, unknown>;
}
