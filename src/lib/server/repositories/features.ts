/**
 * Reads of live features. Viewport queries go through the R*Tree: an overlap test on its
 * (outward-rounded, 32-bit) boxes, then an exact test on the features' own bbox columns.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { features } from '../db/schema';
import { toStoredFeature, type StoredFeature } from './stored-feature';

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

function conditions(kind: string, q: Omit<FeatureQuery, 'limit' | 'offset'>): SQL {
	const parts: SQL[] = [eq(features.kind, kind), isNull(features.deletedAt)];
	if (q.bbox) {
		const [minX, minY, maxX, maxY] = q.bbox;
		parts.push(
			sql`${features.id} IN (SELECT id FROM features_rtree WHERE max_x >= ${minX} AND min_x <= ${maxX} AND max_y >= ${minY} AND min_y <= ${maxY})`,
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

export class FeatureRepository {
	constructor(private readonly db: Db) {}

	get(kind: string, id: number): StoredFeature | undefined {
		const row = this.db
			.select()
			.from(features)
			.where(and(eq(features.id, id), eq(features.kind, kind), isNull(features.deletedAt)))
			.get();
		return row ? toStoredFeature(row) : undefined;
	}

	/** Any live feature by id, whatever its kind. */
	getById(id: number): StoredFeature | undefined {
		const row = this.db.select().from(features).where(and(eq(features.id, id), isNull(features.deletedAt))).get();
		return row ? toStoredFeature(row) : undefined;
	}

	query(kind: string, q: FeatureQuery): FeaturePage {
		const where = conditions(kind, q);
		const rows = this.db
			.select()
			.from(features)
			.where(where)
			.orderBy(features.id)
			.limit(q.limit)
			.offset(q.offset ?? 0)
			.all();
		const numberMatched =
			rows.length < q.limit && (q.offset ?? 0) === 0
				? rows.length
				: this.db.select({ n: sql<number>`count(*)` }).from(features).where(where).get()!.n;
		return { features: rows.map(toStoredFeature), numberMatched };
	}

	/** Every live feature of a kind, for analyses over a whole layer. */
	all(kind: string): StoredFeature[] {
		return this.db
			.select()
			.from(features)
			.where(and(eq(features.kind, kind), isNull(features.deletedAt)))
			.orderBy(features.id)
			.all()
			.map(toStoredFeature);
	}

	/** Live feature counts and extents per kind. */
	summary(): Map<string, { count: number; bbox: Bbox | null }> {
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
