/**
 * The PostgreSQL + PostGIS schema: the tables of ../schema.ts (the SQLite store) one for one, with
 * the same table and column names and the same meaning, so both stores keep the same contracts.
 * Where PostgreSQL has a better type for the same value it is used:
 * - geometries are PostGIS geometries (./geometry.ts) with a GiST index over live features, in
 *   place of SQLite's GeoJSON text and its R*Tree (migrations 0001 and 0003 there); the bbox
 *   columns stay, so a viewport query gives exactly the answers SQLite gives;
 * - JSON values (properties, meta, settings, template definitions) are `jsonb`;
 * - ids are identity columns that also take given values, so a community moved from SQLite keeps
 *   its ids.
 * Times stay ISO 8601 UTC text with milliseconds, as the SQLite store writes them: the history
 * (history-at.ts) compares them as text, and a move between the stores copies them unchanged.
 */
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { geometry, srid4326 } from './geometry';

const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const changesets = pgTable(
	'changesets',
	{
		id: id(),
		createdAt: text('created_at').notNull(),
		author: text('author').notNull(),
		/** The signed-in user who made it; null for the seed and for edits made before accounts. */
		userId: integer('user_id'),
		comment: text('comment').notNull().default(''),
		/** web, field, import, api, seed */
		source: text('source').notNull(),
		/** The changeset this one reverts, when it is an undo. */
		revertOf: integer('revert_of'),
		/** Free-form context recorded with the edit (e.g. the CRS an import was converted from). */
		meta: jsonb('meta').$type<Record<string, unknown>>(),
		/**
		 * The client's Idempotency-Key, unique per user, and a digest of the request it came with: a
		 * request sent again (its answer lost on the way) is answered from this changeset, not stored twice.
		 */
		requestKey: text('request_key'),
		requestDigest: text('request_digest')
	},
	(t) => [index('changesets_revert_of').on(t.revertOf), index('changesets_created_at').on(t.createdAt), uniqueIndex('changesets_user_request_key').on(t.userId, t.requestKey)]
);

export const features = pgTable(
	'features',
	{
		id: id(),
		kind: text('kind').notNull(),
		geometry: geometry('geometry').notNull(),
		/** Properties validated against the kind. */
		properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
		minX: doublePrecision('min_x').notNull(),
		minY: doublePrecision('min_y').notNull(),
		maxX: doublePrecision('max_x').notNull(),
		maxY: doublePrecision('max_y').notNull(),
		version: integer('version').notNull(),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull(),
		updatedAt: text('updated_at').notNull(),
		updatedBy: text('updated_by').notNull(),
		deletedAt: text('deleted_at')
	},
	(t) => [
		index('features_kind').on(t.kind, t.deletedAt),
		// Viewport queries: an overlap test on the GiST index (its boxes are 32-bit, rounded
		// outward), then the exact test on the bbox columns, as SQLite does with its R*Tree.
		index('features_geometry').using('gist', t.geometry).where(sql`${t.deletedAt} IS NULL`),
		check('features_geometry_srid', srid4326(t.geometry))
	]
);

export const featureVersions = pgTable(
	'feature_versions',
	{
		id: id(),
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
		geometry: geometry('geometry').notNull(),
		properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
		/** Set when this version is a deletion. */
		deletedAt: text('deleted_at'),
		createdAt: text('created_at').notNull()
	},
	(t) => [
		uniqueIndex('feature_versions_feature_version').on(t.featureId, t.version),
		index('feature_versions_changeset').on(t.changesetId),
		// A layer's latest changeset (its tiles' version) and a layer's history over a period.
		index('feature_versions_kind_changeset').on(t.kind, t.changesetId),
		check('feature_versions_geometry_srid', srid4326(t.geometry))
	]
);

/** People who sign in. Roles: admin, planner, field, viewer. */
export const users = pgTable('users', {
	id: id(),
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
export const sessions = pgTable(
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

/** Per-project settings, such as the campaign rules. */
export const settings = pgTable('settings', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedAt: text('updated_at').notNull(),
	updatedBy: text('updated_by').notNull()
});

/** Uploaded photos (hotspot reports and their resolution). Files live under the data directory. */
export const photos = pgTable(
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

/** Inspection templates (checklists as data); every version is kept whole in `inspection_template_versions`. */
export const inspectionTemplates = pgTable('inspection_templates', {
	id: id(),
	version: integer('version').notNull(),
	/** zones, shops or road-segments: fixed for the template's life. */
	target: text('target').notNull(),
	createdAt: text('created_at').notNull(),
	updatedAt: text('updated_at').notNull(),
	updatedBy: text('updated_by').notNull()
});

export const inspectionTemplateVersions = pgTable(
	'inspection_template_versions',
	{
		id: id(),
		templateId: integer('template_id')
			.notNull()
			.references(() => inspectionTemplates.id),
		version: integer('version').notNull(),
		/** { name, target, cadence, items }. */
		definition: jsonb('definition').notNull(),
		createdAt: text('created_at').notNull(),
		createdBy: text('created_by').notNull()
	},
	(t) => [uniqueIndex('inspection_template_versions_template_version').on(t.templateId, t.version)]
);

/** Zones given to a user (分片包干): field staff with zones edit only inside them. `zone_id` is a zone feature's id. */
export const userZones = pgTable(
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

/** Keys an administrator issues to Open311 GeoReport v2 clients; only a SHA-256 of the key is kept. */
export const open311Keys = pgTable('open311_keys', {
	id: id(),
	name: text('name').notNull(),
	keyHash: text('key_hash').notNull().unique(),
	/** Requests this key may post per hour. */
	ratePerHour: integer('rate_per_hour').notNull(),
	createdAt: text('created_at').notNull(),
	createdBy: text('created_by').notNull(),
	revokedAt: text('revoked_at')
});

/** The people behind public reports, per hotspot case (see ../schema.ts). */
export const publicReporters = pgTable(
	'public_reporters',
	{
		id: id(),
		caseId: integer('case_id')
			.notNull()
			.references(() => features.id),
		tokenHash: text('token_hash').notNull().unique(),
		/** report, join or open311. */
		role: text('role').notNull(),
		contact: text('contact'),
		/** The Open311 key that posted it, when one did. */
		keyId: integer('key_id'),
		createdAt: text('created_at').notNull()
	},
	(t) => [index('public_reporters_case').on(t.caseId)]
);
