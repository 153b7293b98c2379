/**
 * Reads of live features. Viewport queries go through the R*Tree: an overlap test on its
 * (outward-rounded, 32-bit) boxes and kind codes, then an exact test on the features' own bbox
 * columns.
 */
import { and, eq, gt, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { features, featureVersions } from '../db/schema';
import type { Feature, Geometry } from 'geojson';
import { toStoredFeature, type StoredFeature } from './stored-feature';
import type { FeatureReads } from '../store/types';

export type Bbox = [number, number, number, number];

export interface FeatureQuery {
	bbox?: Bbox;
	/** Equality filters on properties: `{ status: 'planned' }`. Values compare as text. */
	where?: Record<string, string>;
	/** Case-insensitive substring of `name`. */
	nameContains?: string;
	limit: number;
	offset?: number;
}

export interface FeaturePage {
	features: StoredFeature[];
	numberMatched: number;
}

/** The R*Tree's third dimension: the kind's code (see the 0003 migration). */
const kindDimension = (kind: unknown) =>
	sql`max_k >= (SELECT code FROM feature_kinds WHERE kind = ${kind}) AND min_k <= (SELECT code FROM feature_kinds WHERE kind = ${kind})`;

function conditions(kind: string, q: Omit<FeatureQuery, 'limit' | 'offset'>): SQL {
	const parts: SQL[] = [eq(features.kind, kind), isNull(features.deletedAt)];
	if (q.bbox) {
		const [minX, minY, maxX, maxY] = q.bbox;
		parts.push(
			sql`${features.id} IN (SELECT id FROM features_rtree WHERE max_x >= ${minX} AND min_x <= ${maxX} AND max_y >= ${minY} AND min_y <= ${maxY} AND ${kindDimension(kind)})`,
			sql`${features.maxX} >= ${minX} AND ${features.minX} <= ${maxX} AND ${features.maxY} >= ${minY} AND ${features.minY} <= ${maxY}`
		);
	}
	for (const [key, value] of Object.entries(q.where ?? {})) {
		// json_extract turns JSON true/false into 1/0; compare booleans by their JSON text instead.
		parts.push(
			sql`(CASE json_type(${features.properties}, ${'$.' + jsonKey(key)}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(${features.properties}, ${'$.' + jsonKey(key)}) AS TEXT) END) = ${value}`
		);
	}
	if (q.nameContains) {
		parts.push(sql`instr(lower(coalesce(json_extract(${features.properties}, '$.name'), '')), lower(${q.nameContains})) > 0`);
	}
	return and(...parts)!;
}

/** A JSON path member, quoted so any field name is taken literally. */
const jsonKey = (key: string) => `"${key.replace(/["\\]/g, '')}"`;

const p = sql.placeholder;

/**
 * The reads every map view and edit make, prepared once: building and preparing a Drizzle query
 * per call took longer than SQLite's R*Tree lookup itself.
 */
function prepareReads(db: Db) {
	const live = isNull(features.deletedAt);
	const inBbox = sql`${features.id} IN (SELECT id FROM features_rtree WHERE max_x >= ${p('minX')} AND min_x <= ${p('maxX')} AND max_y >= ${p('minY')} AND min_y <= ${p('maxY')} AND ${kindDimension(p('kind'))})
		AND ${features.maxX} >= ${p('minX')} AND ${features.minX} <= ${p('maxX')} AND ${features.maxY} >= ${p('minY')} AND ${features.minY} <= ${p('maxY')}`;
	return {
		byKindAndId: db.select().from(features).where(and(eq(features.id, p('id')), eq(features.kind, p('kind')), live)).prepare(),
		byId: db.select().from(features).where(and(eq(features.id, p('id')), live)).prepare(),
		deleted: db
			.select({ id: features.id })
			.from(features)
			.where(and(eq(features.id, p('id')), eq(features.kind, p('kind')), isNotNull(features.deletedAt)))
			.prepare(),
		inBbox: db.select().from(features).where(and(eq(features.kind, p('kind')), live, inBbox)).orderBy(features.id).limit(p('limit')).prepare(),
		// On the (kind, changeset_id) index: a few edits since the last look read a few rows.
		// Raw rows, past Drizzle's mapping: a whole layer's scan read a million rows through it.
		scan: db.$client.prepare<[string], [number, string, string]>('SELECT id, geometry, properties FROM features WHERE kind = ? AND deleted_at IS NULL ORDER BY id').raw(),
		changedBetween: db
			.selectDistinct({ featureId: featureVersions.featureId })
			.from(featureVersions)
			.where(and(eq(featureVersions.kind, p('kind')), gt(featureVersions.changesetId, p('after')), lte(featureVersions.changesetId, p('upTo'))))
			.prepare()
	};
}

export class FeatureRepository implements FeatureReads {
	private reads: ReturnType<typeof prepareReads> | undefined;

	constructor(private readonly db: Db) {}

	private get stmt() {
		return (this.reads ??= prepareReads(this.db));
	}

	async get(kind: string, id: number): Promise<StoredFeature | undefined> {
		const row = this.stmt.byKindAndId.get({ id, kind });
		return row ? toStoredFeature(row) : undefined;
	}

	/** Whether `id` was a feature of this kind that has been deleted (not one that never existed). */
	async wasDeleted(kind: string, id: number): Promise<boolean> {
		return this.stmt.deleted.get({ id, kind }) !== undefined;
	}

	/** Any live feature by id, whatever its kind. */
	async getById(id: number): Promise<StoredFeature | undefined> {
		const row = this.stmt.byId.get({ id });
		return row ? toStoredFeature(row) : undefined;
	}

	async query(kind: string, q: FeatureQuery): Promise<FeaturePage> {
		const offset = q.offset ?? 0;
		// Built only when needed: the map's viewport path below is prepared once.
		const where = () => conditions(kind, q);
		// The map's own request (a viewport, first page) takes the prepared path.
		const rows =
			q.bbox && Object.keys(q.where ?? {}).length === 0 && !q.nameContains && offset === 0
				? this.stmt.inBbox.all({ kind, minX: q.bbox[0], minY: q.bbox[1], maxX: q.bbox[2], maxY: q.bbox[3], limit: q.limit })
				: this.db.select().from(features).where(where()).orderBy(features.id).limit(q.limit).offset(offset).all();
		// A full page (or a later one) needs the total counted; a short first page is the total.
		const numberMatched =
			rows.length < q.limit && offset === 0 ? rows.length : this.db.select({ n: sql<number>`count(*)` }).from(features).where(where()).get()!.n;
		return { features: rows.map(toStoredFeature), numberMatched };
	}

	/** Every live feature of a kind, for analyses over a whole layer. */
	async all(kind: string): Promise<StoredFeature[]> {
		return this.db
			.select()
			.from(features)
			.where(and(eq(features.kind, kind), isNull(features.deletedAt)))
			.orderBy(features.id)
			.all()
			.map(toStoredFeature);
	}

	async scan(kind: string, visit: (feature: Feature<Geometry>) => void): Promise<number> {
		let count = 0;
		for (const [id, geometry, properties] of this.stmt.scan.iterate(kind)) {
			visit({ type: 'Feature', id, geometry: JSON.parse(geometry), properties: JSON.parse(properties) });
			count++;
		}
		return count;
	}

	async changedBetween(kind: string, after: number, upTo: number): Promise<number[]> {
		return this.stmt.changedBetween.all({ kind, after, upTo }).map((r) => r.featureId);
	}

	/** Live feature counts and extents per kind. */
	async summary(): Promise<Map<string, { count: number; bbox: Bbox | null }>> {
		const rows = this.db
			.select({
				kind: features.kind,
				count: sql<number>`count(*)`,
				minX: sql<number>`min(${features.minX})`,
				minY: sql<number>`min(${features.minY})`,
				maxX: sql<number>`max(${features.maxX})`,
				maxY: sql<number>`max(${features.maxY})`
			})
			.from(features)
			.where(isNull(features.deletedAt))
			.groupBy(features.kind)
			.all();
		return new Map(rows.map((r) => [r.kind, { count: r.count, bbox: r.count ? [r.minX, r.minY, r.maxX, r.maxY] : null }]));
	}
}
