/**
 * What a re-import asks of the store to find the features an earlier import of the same file made
 * (services/imports/import-matching.ts): the key → feature id maps that imports keyed by a column
 * recorded in their changesets' meta.
 */
export interface ImportKeyReads {
	/** The `keys` of every import of this kind keyed by this column, oldest first. */
	keyMaps(kind: string, keyColumn: string): Promise<Record<string, number>[]>;
}
