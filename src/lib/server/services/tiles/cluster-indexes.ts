/**
 * Cluster tiles of point layers: a supercluster index per layer over every live point, and the
 * tiles cut from it. Building an index reads the whole layer (seconds for a million points), so
 * the server keeps these in a worker thread (cluster-worker-main.ts) and the main thread never
 * waits on a build; without a database file (tests in memory) they run in-process.
 *
 * After edits an index is rebuilt at most every ten build-durations (≤ 10 % of the thread's
 * time); until then tiles come from the older index and carry its version.
 */
import Supercluster from 'supercluster';
import vtpbf from 'vt-pbf';
import { CLUSTER_MAX_ZOOM, TILE_EXTENT, tileProperties } from './tile-properties';
import type { TileReads } from '../../store/tiles';

export interface ClusterTileRequest {
	kind: string;
	collection: string;
	/** The layer's current version (its latest changeset): an older index is rebuilt when allowed. */
	version: number;
	z: number;
	x: number;
	y: number;
}

export interface ClusterTile {
	body: Uint8Array<ArrayBuffer>;
	features: number;
	/** The version of the index the tile was cut from (older than asked while a rebuild waits). */
	indexVersion: number;
}

interface ClusterIndex {
	index: Supercluster;
	version: number;
	builtAt: number;
	buildMs: number;
}

export class ClusterIndexes {
	private readonly indexes = new Map<string, ClusterIndex>();
	/** Builds under way, so that requests arriving during one share it. */
	private readonly building = new Map<string, Promise<ClusterIndex>>();

	constructor(
		private readonly reads: Pick<TileReads, 'points'>,
		private readonly now: () => number = () => Date.now()
	) {}

	async tile(r: ClusterTileRequest): Promise<ClusterTile> {
		const cluster = await this.index(r.kind, r.version);
		const layer = clusterTile(cluster.index, r.z, r.x, r.y);
		const body = new Uint8Array(vtpbf.fromGeojsonVt({ [r.collection]: layer }, { version: 2, extent: TILE_EXTENT }));
		return { body, features: layer.features.length, indexVersion: cluster.version };
	}

	/** Builds the layer's index now if it has none or an older one (a server warming up). */
	async warm(kind: string, version: number): Promise<number> {
		return (await this.index(kind, version)).buildMs;
	}

	/** The layer's index, rebuilt when stale unless the last build was too recent. */
	private async index(kind: string, version: number): Promise<ClusterIndex> {
		const current = this.indexes.get(kind);
		if (current && (current.version >= version || this.now() - current.builtAt < 10 * current.buildMs)) return current;
		let build = this.building.get(kind);
		if (!build) {
			build = this.build(kind, version).finally(() => this.building.delete(kind));
			this.building.set(kind, build);
		}
		return build;
	}

	private async build(kind: string, version: number): Promise<ClusterIndex> {
		const t0 = performance.now();
		const points = (await this.reads.points(kind)).map((r) => ({
			type: 'Feature' as const,
			id: r.id,
			geometry: { type: 'Point' as const, coordinates: [r.minX, r.minY] },
			properties: tileProperties(r.properties)
		}));
		// The radius is in tile units: 320 of 4096 is 40 px of a 512 px tile (supercluster's default look).
		const index = new Supercluster({ maxZoom: CLUSTER_MAX_ZOOM, extent: TILE_EXTENT, radius: 320, minPoints: 3 });
		index.load(points);
		const built: ClusterIndex = { index, version, builtAt: this.now(), buildMs: Math.max(1, performance.now() - t0) };
		this.indexes.set(kind, built);
		return built;
	}
}

/** Supercluster's tile with clusters marked for styling: `point_count`, no id (ids belong to features). */
function clusterTile(index: Supercluster, z: number, x: number, y: number): { features: unknown[] } {
	const tile = index.getTile(z, x, y);
	if (!tile) return { features: [] };
	return {
		features: tile.features.map((f) => {
			const tags = f.tags as Record<string, unknown>;
			if (!tags.cluster) return f;
			return { type: 1, geometry: f.geometry, tags: { point_count: tags.point_count as number } };
		})
	};
}
