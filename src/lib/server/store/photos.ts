/**
 * What is recorded of each uploaded photo (the `photos` table); the files themselves stay on disk,
 * in the photo directory, under `path`.
 */

export interface PhotoRow {
	/** Unique. */
	id: string;
	contentType: string;
	bytes: number;
	sha256: string;
	/** Relative to the photo directory. */
	path: string;
	width: number | null;
	height: number | null;
	createdAt: string;
	createdBy: string;
}

export interface PhotoStore {
	/** Records a photo; false, with nothing stored, when a photo with its id is recorded already. */
	insert(photo: PhotoRow): Promise<boolean>;
	/** The photo recorded with this id, or undefined. */
	get(id: string): Promise<PhotoRow | undefined>;
	/** The ids among `ids` that no photo is recorded with, in the order given (one read). */
	missing(ids: readonly string[]): Promise<string[]>;
}
