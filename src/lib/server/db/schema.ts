/**
 * The database schema (DESIGN.md §4, Storage). One `features` table for every kind; every write is
 * a changeset, and every version of every feature is kept in `feature_versions`.
 * The R*Tree index over feature bboxes is created by a custom migration (drizzle-kit does not
 * model virtual tables) and kept current by triggers.
 */
import { sqliteTable, integer, text, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const changesets = sqliteTable(
	'changesets',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		createdAt: text('created_at').notNull(),
		author: text('author').notNull(),
		comment: text('comment').notNull().default(''),
		/** web, field, import, api, seed */
		source: text('source').notNull(),
		/** The changeset this one reverts, when it is an undo. */
		revertOf: integer('revert_of'),
		/** Free-form context recorded with the edit, JSON (e.g. the CRS an import was converted from). */
		meta: text('meta')
	},
	(t) => [index('changesets_revert_of').on(t.revertOf), index('changesets_created_at').on(t.createdAt)]
);

export const features = sqliteTable(
	'features',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		/** GeoJSON geometry, text. */
		geometry: text('geometry').notNull(),
		/** Properties, JSON text validated against the kind. */
		properties: text('properties').notNull(),
		minX: real('min_x').notNull(),
		minY: real('min_y').notNull(),
		maxX: real('max_x').notNull(),
		maxY: real('max_y').notNull(),
		version: integer('version').notNull(),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull(),
		updatedAt: text('updated_at').notNull(),
		updatedBy: text('updated_by').notNull(),
		deletedAt: text('deleted_at')
	},
	(t) => [index('features_kind').on(t.kind, t.deletedAt)]
);

export const featureVersions = sqliteTable(
	'feature_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		featureId: integer('feature_id')
			.notNull()
			.references(() => features.id),
		version: integer('version').notNull(),
		changesetId: integer('changeset_id')
			.notNull()
			.references(() => changesets.id),
		kind: text('kind').notNull(),
		/** create, update or delete: what this version did. */
		action: text('action').notNull(),
		geometry: text('geometry').notNull(),
		properties: text('properties').notNull(),
		/** Set when this version is a deletion. */
		deletedAt: text('deleted_at'),
		createdAt: text('created_at').notNull()
	},
	(t) => [
		uniqueIndex('feature_versions_feature_version').on(t.featureId, t.version),
		index('feature_versions_changeset').on(t.changesetId)
	]
);

export type ChangesetRow = typeof changesets.$inferSelect;
export type FeatureRow = typeof features.$inferSelect;
export type FeatureVersionRow = typeof featureVersions.$inferSelect;
