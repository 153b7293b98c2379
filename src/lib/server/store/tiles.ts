/**
 * What the map's tiles read from the store (services/tiles/): each layer's version (the latest
 * changeset that wrote it), live counts, the features in a tile's box and a point layer's points
 * for its cluster index. Properties come as the store keeps them (JSON text on SQLite, parsed on
 * PostgreSQL): a tile needs only a few of them, and parsing is left to the one place that picks them.
 */
import type { Geometry } from 'geojson';
import type { Bbox } from '../repositories/features';

/** A stored JSON value: text on SQLite, parsed by the driver on PostgreSQL. */
export type StoredJson<T> = string | T;

export interface TileRow {
	id: number;
	geometry: StoredJson<Geometry>;
	properties: StoredJson<Record<string, unknown>>;
	/** The bbox's west and south edge: a point's own position. */
	minX: number;
	minY: number;
}

export interface LayerVersion {
	kind: string;
	/** The latest changeset after `after` that wrote a feature of the kind. */
	version: number;
}

export interface TileReads {
	/** The id of the newest changeset (0 before the first). */
	latestChangesetId(): Promise<number>;
	/** The kinds written by changesets after `after`, each with the latest of them. */
	layerVersionsSince(after: number): Promise<LayerVersion[]>;
	/** Live features of a kind. */
	liveCount(kind: string): Promise<number>;
	/** The live features of a kind whose bbox meets `bbox` (edges included). */
	inBox(kind: string, bbox: Bbox): Promise<TileRow[]>;
	/** Every live point of a point kind (its geometry is its bbox's corner). */
	points(kind: string): Promise<Omit<TileRow, 'geometry'>[]>;
}

/** A stored JSON value, parsed when it is still text. */
export const parsedJson = <T>(value: StoredJson<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
