/**
 * How a re-import finds the features an earlier import created, so it updates them instead of
 * adding duplicates: OSM data by its `osmId`; other files by the key column the person chose,
 * whose value → feature id map each import records in its changeset's meta.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { changesets, features } from '../../db/schema';
import { toStoredFeature, type StoredFeature } from '../../repositories/stored-feature';

/** Live features of a kind that carry an osmId, by that id. */
export function featuresByOsmId(db: Db, kind: string): Map<string, StoredFeature> {
	const rows = db
		.select()
		.from(features)
		.where(and(eq(features.kind, kind), isNull(features.deletedAt), sql`json_extract(${features.properties}, '$.osmId') IS NOT NULL`))
		.all();
	const out = new Map<string, StoredFeature>();
	for (const row of rows) {
		const f = toStoredFeature(row);
		out.set(String(f.properties.osmId), f);
	}
	return out;
}

/**
 * Live features earlier imports of this kind created or updated under the same key column, by key.
 * Later imports win; a feature deleted since (or whose import was undone) is not matched.
 */
export function featuresByImportKey(db: Db, kind: string, keyColumn: string): Map<string, StoredFeature> {
	const metas = db
		.select({ meta: changesets.meta })
		.from(changesets)
		.where(and(eq(changesets.source, 'import'), sql`json_extract(${changesets.meta}, '$.kind') = ${kind}`, sql`json_extract(${changesets.meta}, '$.keyColumn') = ${keyColumn}`))
		.orderBy(asc(changesets.id))
		.all();
	const ids = new Map<string, number>();
	for (const { meta } of metas) {
		const keys = (meta ? JSON.parse(meta).keys : null) as Record<string, number> | null;
		for (const [key, id] of Object.entries(keys ?? {})) ids.set(key, id);
	}
	const out = new Map<string, StoredFeature>();
	if (ids.size === 0) return out;
	const live = new Map(
		db
			.select()
			.from(features)
			.where(and(eq(features.kind, kind), isNull(features.deletedAt)))
			.all()
			.map((row) => [row.id, row])
	);
	for (const [key, id] of ids) {
		const row = live.get(id);
		if (row) out.set(key, toStoredFeature(row));
	}
	return out;
}
