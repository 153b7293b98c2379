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
	/**
	 * A store that cuts line and polygon tiles itself, where that is faster than cutting them in
	 * the app: tile z/x/y of the live features of a kind whose bbox meets `bbox`, as one MVT layer
	 * named `layer` (extent 4096, `buffer` units each side, each feature's id and `attributes` of
	 * them that are a string, a number or a boolean).
	 */
	encodedTile?(request: EncodedTileRequest): Promise<{ body: Uint8Array<ArrayBuffer>; features: number }>;
}

export interface EncodedTileRequest {
	kind: string;
	layer: string;
	z: number;
	x: number;
	y: number;
	/** The tile's box and its buffer, in degrees: the features considered. */
	bbox: Bbox;
	extent: number;
	buffer: number;
	attributes: readonly string[];
}

/** A stored JSON value, parsed when it is still text. */
export const parsedJson = <T>(value: StoredJson<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
