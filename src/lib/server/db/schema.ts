/**
 * The database schema (DESIGN.md §4, Storage). One `features` table for every kind; every write is
 * a changeset, and every version of every feature is kept in `feature_versions`.
 * The R*Tree index over feature bboxes is created by a custom migration (drizzle-kit does not
 * model virtual tables) and kept current by triggers.
 */
import { sqliteTable, integer, text, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

export const changesets = sqliteTable(
	'changesets',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		createdAt: text('created_at').notNull(),
		author: text('author').notNull(),
		/** The signed-in user who made it; null for the seed and for edits made before accounts. */
		userId: integer('user_id'),
		comment: text('comment').notNull().default(''),
		/** web, field, import, api, seed */
		source: text('source').notNull(),
		/** The changeset this one reverts, when it is an undo. */
		revertOf: integer('revert_of'),
		/** Free-form context recorded with the edit, JSON (e.g. the CRS an import was converted from). */
		meta: text('meta'),
		/**
		 * The client's Idempotency-Key, unique per user, and a digest of the request it came with: a
		 * request sent again (its answer lost on the way) is answered from this changeset, not stored twice.
		 */
		requestKey: text('request_key'),
		requestDigest: text('request_digest')
	},
	(t) => [index('changesets_revert_of').on(t.revertOf), index('changesets_created_at').on(t.createdAt), uniqueIndex('changesets_user_request_key').on(t.userId, t.requestKey)]
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
		index('feature_versions_changeset').on(t.changesetId),
		// A layer's latest changeset (its tiles' version) and a layer's history over a period,
		// without reading every version of every layer.
		index('feature_versions_kind_changeset').on(t.kind, t.changesetId)
	]
);

/** People who sign in. Roles: admin, planner, field, viewer. */
export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: text('role').notNull(),
	/** argon2id hash. */
	passwordHash: text('password_hash').notNull(),
	createdAt: text('created_at').notNull(),
	passwordChangedAt: text('password_changed_at').notNull(),
	disabledAt: text('disabled_at')
});

/** Server-side sessions, for the browser cookie and for API bearer tokens alike. Only a hash of the secret is stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		/** cookie or token */
		kind: text('kind').notNull(),
		createdAt: text('created_at').notNull(),
		expiresAt: text('expires_at').notNull(),
		lastSeenAt: text('last_seen_at').notNull(),
		/**
		 * The newest changeset written under this session: with a read replica, its reads wait for
		 * nothing and miss nothing, on whichever app server they arrive (store/read-your-writes.ts).
		 */
		readAfter: integer('read_after').notNull().default(0)
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** Per-project settings, such as the campaign rules; JSON values. */
export const settings = sqliteTable('settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: text('updated_at').notNull(),
	updatedBy: text('updated_by').notNull()
});

/** Uploaded photos (hotspot reports and their resolution). Files live under the data directory. */
export const photos = sqliteTable(
	'photos',
	{
		id: text('id').primaryKey(),
		contentType: text('content_type').notNull(),
		bytes: integer('bytes').notNull(),
		sha256: text('sha256').notNull(),
		/** Path relative to the photo directory. */
		path: text('path').notNull(),
		width: integer('width'),
		height: integer('height'),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull()
	},
	(t) => [index('photos_sha256').on(t.sha256)]
);

/**
 * Inspection templates (checklists as data). The row holds the current version; every version,
 * the first included, is kept whole in `inspection_template_versions`, so an inspection scored
 * with version 3 is read against version 3 after the template has moved on.
 */
export const inspectionTemplates = sqliteTable('inspection_templates', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	version: integer('version').notNull(),
	/** zones, shops or road-segments: fixed for the template's life. */
	target: text('target').notNull(),
	createdAt: text('created_at').notNull(),
	updatedAt: text('updated_at').notNull(),
	updatedBy: text('updated_by').notNull()
});

export const inspectionTemplateVersions = sqliteTable(
	'inspection_template_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		templateId: integer('template_id')
			.notNull()
			.references(() => inspectionTemplates.id),
		version: integer('version').notNull(),
		/** JSON: { name, target, cadence, items }. */
		definition: text('definition').notNull(),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull()
	},
	(t) => [uniqueIndex('inspection_template_versions_template_version').on(t.templateId, t.version)]
);

/** Zones given to a user (分片包干): field staff with zones edit only inside them. `zone_id` is a zone feature's id. */
export const userZones = sqliteTable(
	'user_zones',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		zoneId: integer('zone_id').notNull(),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.zoneId] }), index('user_zones_zone').on(t.zoneId)]
);

/**
 * Keys an administrator issues to Open311 GeoReport v2 clients (POST /open311/v2/requests). Only a
 * SHA-256 of the key is kept; the key itself is shown once, when it is issued.
 */
export const open311Keys = sqliteTable('open311_keys', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	keyHash: text('key_hash').notNull().unique(),
	/** Requests this key may post per hour. */
	ratePerHour: integer('rate_per_hour').notNull(),
	createdAt: text('created_at').notNull(),
	createdBy: text('created_by').notNull(),
	revokedAt: text('revoked_at')
});

/**
 * The people behind public reports (the /report-issue page and Open311 clients): per hotspot case,
 * one row per reporter, with the hash of the tracking token they were given and the contact they
 * chose to leave. Only managers read the contact; nothing of a row reaches a public answer but the
 * case it points to. The case itself (its source, reporter count, residents' answer) is a feature
 * like any other and changes only through edit actions.
 */
export const publicReporters = sqliteTable(
	'public_reporters',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		caseId: integer('case_id')
			.notNull()
			.references(() => features.id),
		tokenHash: text('token_hash').notNull().unique(),
		/** report (made the case), join (added themselves to it), open311 (posted by a client with a key). */
		role: text('role').notNull(),
		contact: text('contact'),
		/** The Open311 key that posted it, when one did. */
		keyId: integer('key_id'),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('public_reporters_case').on(t.caseId)]
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ChangesetRow = typeof changesets.$inferSelect;
export type FeatureRow = typeof features.$inferSelect;
export type FeatureVersionRow = typeof featureVersions.$inferSelect;
