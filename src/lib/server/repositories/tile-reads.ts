/**
 * The tiles' reads on SQLite (contract: ../store/tiles.ts): prepared once, answered at once. The
 * box query goes through the R*Tree, whose kind code range limits it to one layer.
 */
import type { Db } from '../db';
import type { Bbox } from './features';
import type { LayerVersion, TileReads, TileRow } from '../store/tiles';

export class SqliteTileReads implements TileReads {
	private readonly stmts;

	constructor(db: Db) {
		const c = db.$client;
		this.stmts = {
			lastChangeset: c.prepare(`SELECT coalesce(max(id), 0) AS id FROM changesets`),
			// One index lookup per kind (feature_versions_kind_changeset), not a scan of every version.
			layerVersions: c.prepare(
				`SELECT kind, (SELECT max(changeset_id) FROM feature_versions v WHERE v.kind = k.kind AND v.changeset_id > ?) AS version FROM feature_kinds k`
			),
			count: c.prepare(`SELECT count(*) AS n FROM features WHERE kind = ? AND deleted_at IS NULL`),
			inBox: c.prepare(
				`SELECT f.id, f.geometry, f.properties, f.min_x AS minX, f.min_y AS minY FROM features_rtree r JOIN features f ON f.id = r.id
				 WHERE r.max_x >= @minX AND r.min_x <= @maxX AND r.max_y >= @minY AND r.min_y <= @maxY
				   AND r.max_k >= (SELECT code FROM feature_kinds WHERE kind = @kind) AND r.min_k <= (SELECT code FROM feature_kinds WHERE kind = @kind)
				   AND f.deleted_at IS NULL
				   AND f.max_x >= @minX AND f.min_x <= @maxX AND f.max_y >= @minY AND f.min_y <= @maxY`
			),
			points: c.prepare(`SELECT id, min_x AS minX, min_y AS minY, properties FROM features WHERE kind = ? AND deleted_at IS NULL`)
		};
	}

	async latestChangesetId(): Promise<number> {
		return (this.stmts.lastChangeset.get() as { id: number }).id;
	}

	async layerVersionsSince(after: number): Promise<LayerVersion[]> {
		return (this.stmts.layerVersions.all(after) as { kind: string; version: number | null }[]).filter((r): r is LayerVersion => r.version !== null);
	}

	async liveCount(kind: string): Promise<number> {
		return (this.stmts.count.get(kind) as { n: number }).n;
	}

	async inBox(kind: string, [minX, minY, maxX, maxY]: Bbox): Promise<TileRow[]> {
		return this.stmts.inBox.all({ minX, minY, maxX, maxY, kind }) as TileRow[];
	}

	async points(kind: string): Promise<Omit<TileRow, 'geometry'>[]> {
		return this.stmts.points.all(kind) as Omit<TileRow, 'geometry'>[];
	}
}
