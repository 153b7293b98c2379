/**
 * The statements every edit runs, prepared once per connection. Building a Drizzle query and
 * preparing it in SQLite on each call cost more than the write itself (a profile of the edit
 * API under load showed two thirds of its time there), so the write path reuses these.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { changesets, features, featureVersions } from '../db/schema';

const p = sql.placeholder;

export function prepareWriteStatements(db: Db) {
	return {
		insertChangeset: db
			.insert(changesets)
			.values({ createdAt: p('createdAt'), author: p('author'), userId: p('userId'), comment: p('comment'), source: p('source'), revertOf: p('revertOf'), meta: p('meta'), requestKey: p('requestKey'), requestDigest: p('requestDigest') })
			.returning()
			.prepare(),
		describeChangeset: db.update(changesets).set({ comment: sql`${p('comment')}`, meta: sql`${p('meta')}` }).where(eq(changesets.id, p('id'))).prepare(),
		latestChangesetId: db.select({ id: sql<number>`coalesce(max(${changesets.id}), 0)` }).from(changesets).prepare(),
		changesetById: db.select().from(changesets).where(eq(changesets.id, p('id'))).prepare(),
		/** A stored version: the base of a merge, the state before a change that is undone. */
		versionOf: db
			.select()
			.from(featureVersions)
			.where(and(eq(featureVersions.featureId, p('featureId')), eq(featureVersions.version, p('version'))))
			.prepare(),
		versionsOfChangeset: db.select().from(featureVersions).where(eq(featureVersions.changesetId, p('changesetId'))).orderBy(asc(featureVersions.id)).prepare(),
		/** Live or deleted: a write must tell "deleted by someone" from "never existed". */
		featureById: db.select().from(features).where(eq(features.id, p('id'))).prepare(),
		insertFeature: db
			.insert(features)
			.values({
				kind: p('kind'),
				geometry: p('geometry'),
				properties: p('properties'),
				minX: p('minX'),
				minY: p('minY'),
				maxX: p('maxX'),
				maxY: p('maxY'),
				version: 1,
				createdAt: p('now'),
				createdBy: p('author'),
				updatedAt: p('now'),
				updatedBy: p('author')
			})
			.returning()
			.prepare(),
		markDeleted: db
			.update(features)
			.set({ version: sql`${p('version')}`, updatedAt: sql`${p('now')}`, updatedBy: sql`${p('author')}`, deletedAt: sql`${p('now')}` })
			.where(eq(features.id, p('id')))
			.prepare(),
		updateFeature: db
			.update(features)
			.set({
				geometry: sql`${p('geometry')}`,
				properties: sql`${p('properties')}`,
				minX: sql`${p('minX')}`,
				minY: sql`${p('minY')}`,
				maxX: sql`${p('maxX')}`,
				maxY: sql`${p('maxY')}`,
				version: sql`${p('version')}`,
				updatedAt: sql`${p('now')}`,
				updatedBy: sql`${p('author')}`,
				deletedAt: null
			})
			.where(eq(features.id, p('id')))
			.prepare(),
		/**
		 * An edit of a live feature's properties alone. It leaves the bbox and deletion columns out of
		 * its SET so that the R-tree trigger (AFTER UPDATE OF those columns) does not delete and
		 * re-insert an unchanged box: that rewrite was a third of an attribute edit's time.
		 */
		updateProperties: db
			.update(features)
			.set({ properties: sql`${p('properties')}`, version: sql`${p('version')}`, updatedAt: sql`${p('now')}`, updatedBy: sql`${p('author')}` })
			.where(eq(features.id, p('id')))
			.prepare(),
		insertVersion: db
			.insert(featureVersions)
			.values({
				featureId: p('featureId'),
				version: p('version'),
				changesetId: p('changesetId'),
				kind: p('kind'),
				action: p('action'),
				geometry: p('geometry'),
				properties: p('properties'),
				deletedAt: p('deletedAt'),
				createdAt: p('createdAt')
			})
			.prepare()
	};
}

export type WriteStatements = ReturnType<typeof prepareWriteStatements>;
