/**
 * What the API sends and takes, as the server writes it and the browser reads it: one declaration
 * for both sides. Pure types (and the list of edit types), so it runs anywhere.
 */
import type { Feature, Geometry, Point, Position } from 'geojson';
import type { ChangeAction } from './edits/change';
import type { FieldConflict } from './edits/merge';
import type { Duplicate } from './hotspot-case';

export type { FieldConflict };

/** A feature as the API sends it: GeoJSON plus its `version` (also in the ETag) and audit fields. */
export type ApiFeature = Feature & { id: number; version: number; collection: string; updatedAt: string; updatedBy: string };

export interface ChangesetSummary {
	id: number;
	createdAt: string;
	author: string;
	comment: string;
	source: string;
	revertOf: number | null;
	/** The changeset that undid this one, if any. */
	revertedBy: number | null;
	meta: Record<string, unknown> | null;
	features: { featureId: number; kind: string; version: number; action: ChangeAction }[];
}

/** Errors: `{ code, message, details }` with a 4xx for anything the caller can fix. */
export interface ApiErrorBody {
	code: string;
	message: string;
	details?: unknown;
}

/**
 * `details` of a `409 conflict`: the feature as stored now (null when it was deleted) and, when a
 * stale edit changed fields someone else changed too, each colliding field with the value read,
 * the value sent and the value stored now (the geometry is the field `geometry`).
 */
export interface ConflictDetails {
	expectedVersion: number | null;
	current: ApiFeature | null;
	fields?: FieldConflict[];
}

/** The edits `POST /api/edits` takes; `version` is the version the editor saw. */
export const EDIT_TYPES = ['create', 'patch', 'delete', 'split', 'move-case', 'report-case', 'accept-sites'] as const;
export type EditType = (typeof EDIT_TYPES)[number];

export interface CreateEdit {
	type: 'create';
	collection: string;
	feature: { type: 'Feature'; geometry: Geometry; properties?: Record<string, unknown> };
}

export interface PatchEdit {
	type: 'patch';
	collection: string;
	id: number;
	version: number;
	/** A merge patch of properties (null removes a field) and/or a new geometry. */
	feature: { properties?: Record<string, unknown>; geometry?: Geometry };
}

export interface DeleteEdit {
	type: 'delete';
	collection: string;
	id: number;
	version: number;
}

export interface SplitEdit {
	type: 'split';
	id: number;
	version: number;
	at: Position;
	/** Merge patches of the two parts, from the start of the line (the stretch marked hardened). */
	parts?: [Record<string, unknown> | null, Record<string, unknown> | null];
}

export interface MoveCaseEdit {
	type: 'move-case';
	id: number;
	version: number;
	to: string;
	note?: string;
	reason?: string;
	photoIds?: string[];
}

export interface ReportCaseEdit {
	type: 'report-case';
	feature: { type: 'Feature'; geometry: Point; properties: Record<string, unknown> };
}

export interface AcceptSitesEdit {
	type: 'accept-sites';
	sites: { lon: number; lat: number }[];
	comment?: string;
}

export type EditRequest = CreateEdit | PatchEdit | DeleteEdit | SplitEdit | MoveCaseEdit | ReportCaseEdit | AcceptSitesEdit;

/** The body of `POST /api/edits`: stored as one changeset, or refused whole. */
export interface EditBatch {
	edits: EditRequest[];
	comment?: string;
}

/** A feature in the answer to an edit: as stored now. */
export type EditedFeature = ApiFeature & {
	/** The edit deleted it. */
	deleted?: boolean;
	/** The edit was based on an older version: the fields others had changed since, kept beside it. */
	merged?: string[];
};

/** What the editor is told beside the stored features of one edit: a report's zone and the open cases near it. */
export interface EditNote {
	zone?: { id: number; name: string | null } | null;
	duplicates?: Duplicate[];
}

/** `201` to `POST /api/edits`: the changeset and every feature it touched, in the order of its changes. */
export interface EditsAnswer {
	changeset: ChangesetSummary;
	features: EditedFeature[];
	/** Per edit of the batch, in order: what the editor is told about it, or null. */
	notes: (EditNote | null)[];
}

/** `201` to `POST /api/changesets/{id}/revert`. */
export interface RevertAnswer {
	changeset: ChangesetSummary;
	features: (ApiFeature & { deleted: boolean })[];
}

/** `201` to `POST /api/photos`. */
export interface PhotoAnswer {
	id: string;
	url: string;
	width?: number;
	height?: number;
}

/** A public report as its tracking link shows it (GET /api/public/track/{token}): nothing personal. */
export interface TrackedCase {
	id: number;
	category: string;
	status: string;
	reportedAt: string | null;
	updatedAt: string;
	zoneName: string | null;
	reporterCount: number;
	resolutionNote: string | null;
	/** Photo urls of the resolution, once the case is verified. */
	resolutionPhotos: string[];
	residentAnswer: string | null;
	/** Whether to ask "is it fixed?": verified and not yet answered. */
	canAnswer: boolean;
}
