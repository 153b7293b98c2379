/**
 * Vector tiles (MVT) of the stored features, for layers too big to send whole as GeoJSON.
 *
 * How a tile is made, chosen by measuring on the synthetic city (bench/map.ts):
 * - Point layers below `clusterMaxZoom`: clusters from a per-layer supercluster index over every
 *   live point, kept in a worker thread (cluster-indexes.ts): building one costs seconds for a
 *   million points, and the server goes on answering meanwhile. The indexes of tiled layers are
 *   built when the server starts. After edits an index is rebuilt at most every ten
 *   build-durations; until then cluster tiles come from the older index and say so in their ETag.
 *   The page overlays its own edits at once.
 * - Everything else: an R*Tree query for the tile's bbox (plus a buffer) straight on `features`,
 *   so edits show in the next tile request. Points are projected directly; lines and polygons are
 *   clipped for the tile by geojson-vt, moved onto a shallow proxy tile first so it cuts twice
 *   instead of once per zoom level. A store that cuts them faster itself (PostgreSQL's ST_AsMVT,
 *   TileReads.encodedTile) cuts lines and polygons instead, over the same features.
 * - Tiles carry each feature's id and only the attributes the map styles use (TILE_ATTRIBUTES);
 *   the feature card fetches the full feature on click.
 *
 * Freshness: every layer has a version, the id of the latest changeset that touched it, read from
 * `feature_versions` (new changesets only, one index lookup per kind). Tiles are cached in memory
 * by that version and sent with `ETag: "<collection>-<version>"`; a request whose If-None-Match
 * still matches gets 304.
 */
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { parsedJson, type TileReads } from '../../store/tiles';
import { readSource } from '../../store/read-your-writes';
import type { KindDef } from '../../../domain/kinds';
import { geometryOnTileProxy, TILE_PROXY, tileBbox, toTilePoint } from '../../../geo/tile-math';
import { ClusterIndexes, type ClusterTile, type ClusterTileRequest } from './cluster-indexes';
import { CLUSTER_MAX_ZOOM, TILE_ATTRIBUTES, TILE_EXTENT, tileProperties } from './tile-properties';
import { config } from '../../config';

export { CLUSTER_MAX_ZOOM, TILE_EXTENT } from './tile-properties';

/** 64 of 4096 units each side, as MapLibre's own GeoJSON tiler uses. */
const BUFFER = 64;
/** Line and polygon layers above the threshold are tiled from this zoom; below it tiles are empty. */
export const LINE_MIN_ZOOM = 12;
export const MAX_ZOOM = 22;
const CACHE_TILES = 4_000;
const PROXY_PRECISION_ZOOM = 16;


/** Features above which the page gets a layer as tiles instead of whole (SANIMAP_TILE_THRESHOLD). */
export function tileThreshold(): number {
	return config.tileThreshold;
}

export interface TileLayerInfo {
	collection: string;
	count: number;
	/** Whether the page should draw this layer from tiles (count above the threshold). */
	tiled: boolean;
	minzoom: number;
	maxzoom: number;
	/** For point layers: tiles up to this zoom hold clusters (`point_count` > 1) and single points. */
	clusterMaxZoom: number | null;
	version: number;
	tiles: string[];
}

export interface Tile {
	body: Uint8Array<ArrayBuffer>;
	etag: string;
	features: number;
}

/** Where cluster tiles are cut: a worker thread beside a server, this thread for a store in memory. */
export interface ClusterSource {
	tile(request: ClusterTileRequest): Promise<ClusterTile>;
	warm(kind: string, version: number): Promise<number>;
	close?(): Promise<void>;
}

export class TileService {
	private readonly versions = new Map<string, number>();
	private seenChangeset = 0;
	private readonly cache = new Map<string, Tile>();
	private counts: { at: number; byKind: Map<string, number> } | null = null;

	constructor(
		private readonly reads: TileReads,
		private readonly clusters: ClusterSource = new ClusterIndexes(reads)
	) {}

	/** Catches up with changesets written since the last call (by this process or any other). */
	private async refreshVersions(): Promise<number> {
		const last = await this.reads.latestChangesetId();
		if (last > this.seenChangeset) {
			const seen = this.seenChangeset;
			for (const r of await this.reads.layerVersionsSince(seen)) this.versions.set(r.kind, Math.max(r.version, this.versions.get(r.kind) ?? 0));
			// Another request may have caught up further while this one read.
			this.seenChangeset = Math.max(this.seenChangeset, last);
			this.counts = null;
		}
		return last;
	}

	/** The id of the latest changeset that touched this kind (0 for a layer never written). */
	async version(kind: string): Promise<number> {
		await this.refreshVersions();
		return this.versions.get(kind) ?? 0;
	}

	private async count(kind: string): Promise<number> {
		await this.refreshVersions();
		const counts = (this.counts ??= { at: this.seenChangeset, byKind: new Map() });
		let n = counts.byKind.get(kind);
		if (n === undefined) {
			n = await this.reads.liveCount(kind);
			counts.byKind.set(kind, n);
		}
		return n;
	}

	async info(def: KindDef, base: string): Promise<TileLayerInfo> {
		const count = await this.count(def.kind);
		const tiled = count > tileThreshold();
		const isPoint = def.geometry === 'Point';
		return {
			collection: def.collection,
			count,
			tiled,
			minzoom: isPoint || !tiled ? 0 : LINE_MIN_ZOOM,
			maxzoom: MAX_ZOOM,
			clusterMaxZoom: isPoint ? CLUSTER_MAX_ZOOM : null,
			version: await this.version(def.kind),
			tiles: [`${base}/api/tiles/${def.collection}/{z}/{x}/{y}.pbf`]
		};
	}

	/** The tile, from the cache when the layer has not changed since it was made. */
	async tile(def: KindDef, z: number, x: number, y: number): Promise<Tile> {
		const version = await this.version(def.kind);
		const clustered = def.geometry === 'Point' && z <= CLUSTER_MAX_ZOOM;
		const key = `${def.collection}/${z}/${x}/${y}`;
		const cached = this.cache.get(key);
		// A cluster tile cut from an older index is asked for again: the index may have caught up.
		if (cached && cached.etag === etagFor(def, version, clustered)) {
			// Refresh its place in the LRU order.
			this.cache.delete(key);
			this.cache.set(key, cached);
			return cached;
		}
		let tile: Tile;
		if (clustered) {
			const cut = await this.clusters.tile({ kind: def.kind, collection: def.collection, version, z, x, y });
			tile = { body: cut.body, etag: etagFor(def, cut.indexVersion, true), features: cut.features };
		} else if (def.geometry !== 'Point' && this.reads.encodedTile && !(await this.belowLineZoom(def, z))) {
			const cut = await this.reads.encodedTile({ kind: def.kind, layer: def.collection, z, x, y, bbox: tileBbox(z, x, y, BUFFER / TILE_EXTENT), extent: TILE_EXTENT, buffer: BUFFER, attributes: TILE_ATTRIBUTES });
			tile = { body: cut.body, etag: etagFor(def, version, false), features: cut.features };
		} else {
			const layer = await this.queryTile(def, z, x, y);
			tile = { body: new Uint8Array(vtpbf.fromGeojsonVt({ [def.collection]: layer }, { version: 2, extent: TILE_EXTENT })), etag: etagFor(def, version, false), features: layer.features.length };
		}
		this.cache.set(key, tile);
		if (this.cache.size > CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
		return tile;
	}

	/** Ends the cluster worker, also in the middle of a build (the server is stopping). */
	async close(): Promise<void> {
		await this.clusters.close?.();
	}

	/**
	 * Builds the cluster indexes of the tiled point layers in the background, so that the first
	 * map to open does not wait for them. Failures only mean the first tile builds it instead.
	 */
	warmClusters(defs: readonly KindDef[]): void {
		for (const def of defs) {
			if (def.geometry !== 'Point') continue;
			this.count(def.kind)
				.then(async (count) => (count > tileThreshold() ? this.clusters.warm(def.kind, await this.version(def.kind)) : 0))
				.catch((e) => console.error(`sanimap: could not build the ${def.collection} cluster index ahead of use:`, e));
		}
	}

	/** A tiled line or polygon layer has no tiles below LINE_MIN_ZOOM: the page draws it from there on. */
	private async belowLineZoom(def: KindDef, z: number): Promise<boolean> {
		return def.geometry !== 'Point' && z < LINE_MIN_ZOOM && (await this.count(def.kind)) > tileThreshold();
	}

	private async queryTile(def: KindDef, z: number, x: number, y: number): Promise<{ features: unknown[] }> {
		if (await this.belowLineZoom(def, z)) return { features: [] };
		const rows = await this.reads.inBox(def.kind, tileBbox(z, x, y, BUFFER / TILE_EXTENT));
		if (def.geometry === 'Point') {
			return {
				features: rows.map((r) => ({ id: r.id, type: 1, geometry: [toTilePoint(r.minX, r.minY, z, x, y, TILE_EXTENT)], tags: tileProperties(r.properties) }))
			};
		}
		const features: Feature[] = [];
		for (const r of rows) {
			const geometry = geometryOnTileProxy(parsedJson(r.geometry) as LineString | MultiLineString | Polygon | MultiPolygon, z, x, y);
			if (geometry) features.push({ type: 'Feature', id: r.id, geometry, properties: tileProperties(r.properties) });
		}
		const collection = { type: 'FeatureCollection' as const, features };
		// geojson-vt cuts the proxy tile, which holds exactly what tile z/x/y holds (tile-math.ts).
		// maxZoom only sets the precision geojson-vt stores coordinates at (the proxy tile's share
		// of it must match tile z/x/y's); tolerance 0 keeps every vertex, as a tile at a layer's
		// maximum zoom always did.
		const index = new GeoJSONVT(collection, { maxZoom: PROXY_PRECISION_ZOOM, indexMaxZoom: 0, extent: TILE_EXTENT, buffer: BUFFER, tolerance: 0 });
		return index.getTile(TILE_PROXY.z, TILE_PROXY.x, TILE_PROXY.y) ?? { features: [] };
	}

}

function etagFor(def: KindDef, version: number, clustered: boolean): string {
	return `"${def.collection}-${version}${clustered ? '-c' : ''}"`;
}

/** What the routes ask of the tiles, whichever database they are read from. */
export type Tiles = Pick<TileService, 'info' | 'tile' | 'warmClusters' | 'close'>;

/**
 * Tiles from a streaming replica, or from the primary for a request whose writer the replica has
 * not caught up with (store/read-your-writes.ts). Each source keeps its own versions and tile
 * cache, so a tile cut from one is never cached under the other's version.
 */
export class ReplicaTiles implements Tiles {
	constructor(
		private readonly primary: TileService,
		private readonly replica: TileService,
		private readonly replicaLatest: () => Promise<number>
	) {}

	private async source(): Promise<TileService> {
		return (await readSource(this.replicaLatest)) === 'primary' ? this.primary : this.replica;
	}

	async info(def: KindDef, base: string): Promise<TileLayerInfo> {
		return (await this.source()).info(def, base);
	}

	async tile(def: KindDef, z: number, x: number, y: number): Promise<Tile> {
		return (await this.source()).tile(def, z, x, y);
	}

	warmClusters(defs: readonly KindDef[]): void {
		this.replica.warmClusters(defs);
	}

	async close(): Promise<void> {
		await Promise.all([this.primary.close(), this.replica.close()]);
	}
}
