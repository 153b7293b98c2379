/**
 * What the API sends and takes, as the server writes it and the browser reads it: one declaration
 * for both sides. Pure types (and the list of edit types), so it runs anywhere.
 */
import type { Feature, Geometry, LineString, MultiLineString, Point, Position } from 'geojson';
import type { ChangeAction } from './edits/change';
import type { FieldConflict } from './edits/merge';
import type { Duplicate } from './hotspot-case';
import { COLLECTION } from './kinds';

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
export const EDIT_TYPES = ['create', 'patch', 'delete', 'split', 'move-case', 'report-case', 'accept-sites', 'record-inspection', 'vector-survey', 'vector-activity'] as const;
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

/** A vector survey or activity: the body of POST /api/vector-surveys or /api/vector-activities. */
export interface VectorRecordEdit {
	type: 'vector-survey' | 'vector-activity';
	record: Record<string, unknown>;
}

export type EditRequest = CreateEdit | PatchEdit | DeleteEdit | SplitEdit | MoveCaseEdit | ReportCaseEdit | AcceptSitesEdit | RecordInspectionEdit | VectorRecordEdit;

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

/**
 * What an `Idempotency-Key` of `POST /api/edits` may be: a request sent again with the key it
 * was first sent with is answered with what that one stored, not stored twice.
 */
export const REQUEST_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

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

// ---------------------------------------------------------------------------------------------
// The work cycle: inspection templates, inspections, rankings, due lists, shop frontage.

export type LocalText = { zh: string; en: string };
export const INSPECTION_TARGETS = [COLLECTION.zone, COLLECTION.shop, COLLECTION.roadSegment] as const;
export type InspectionTarget = (typeof INSPECTION_TARGETS)[number];
export const INSPECTION_CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type InspectionCadence = (typeof INSPECTION_CADENCES)[number];

export interface InspectionItem {
	/** Stable across versions of the template; scores are keyed by it. */
	key: string;
	label: LocalText;
	maxPoints: number;
	/** A failed item (scored below `maxPoints`) needs a finding of it with a photo. */
	photoRequired: boolean;
}

/** `GET /api/inspection-templates/{id}`; the current version. */
export interface InspectionTemplate {
	id: number;
	version: number;
	name: LocalText;
	target: InspectionTarget;
	cadence: InspectionCadence;
	items: InspectionItem[];
}

/** `GET /api/inspection-templates`. */
export interface InspectionTemplatesAnswer {
	templates: InspectionTemplate[];
}

/** `POST /api/inspection-templates`. */
export interface InspectionTemplateInput {
	name: LocalText;
	target: InspectionTarget;
	cadence: InspectionCadence;
	items: InspectionItem[];
}

/** `PATCH /api/inspection-templates/{id}`: any of the fields and the version read (stale → 409). */
export interface InspectionTemplatePatch {
	version: number;
	name?: LocalText;
	cadence?: InspectionCadence;
	items?: InspectionItem[];
}

export interface InspectionFindingInput {
	itemKey: string;
	geometry: Point;
	note?: string;
	/** Ids from `POST /api/photos`. */
	photos?: string[];
}

/** The body of `POST /api/inspections` (and, with `type`, an edit of `POST /api/edits`). */
export interface InspectionInput {
	templateId: number;
	target: { collection: InspectionTarget; id: number };
	/** ISO 8601 with an offset. */
	inspectedAt: string;
	scores: Record<string, number>;
	note?: string;
	findings?: InspectionFindingInput[];
	track?: LineString | MultiLineString;
}

export interface RecordInspectionEdit extends InspectionInput {
	type: 'record-inspection';
}

/** The share of the zone's road length walked by the patrol track (metres on the ellipsoid). */
export interface PatrolShare {
	roadM: number;
	walkedM: number;
	/** 100 × walkedM ÷ roadM; null when the zone has no road. */
	walkedPct: number | null;
}

/** `201` to `POST /api/inspections`. */
export interface InspectionRecorded {
	id: number;
	templateVersion: number;
	points: number;
	maxPoints: number;
	/** 100 × points ÷ maxPoints over the scored items; null when no item was scored. */
	scorePct: number | null;
	findings: { itemKey: string; hotspotId: number }[];
	patrol: PatrolShare | null;
	changeset: ChangesetSummary;
}

export interface InspectionSummary {
	id: number;
	templateId: number;
	templateVersion: number;
	templateName: LocalText;
	target: { collection: InspectionTarget; id: number; name: string | null };
	inspectedAt: string;
	inspector: string;
	points: number;
	maxPoints: number;
	scorePct: number | null;
	findingCount: number;
	patrol: PatrolShare | null;
}

/** `GET /api/inspections?target=<collection>:<id>&from=&to=`. */
export interface InspectionsAnswer {
	inspections: InspectionSummary[];
}

/** `GET /api/inspections/{id}`. */
export interface InspectionDetail extends InspectionSummary {
	scores: Record<string, number>;
	/** The items of the template version it was scored with. */
	items: InspectionItem[];
	note: string | null;
	track: LineString | MultiLineString | null;
	findings: { itemKey: string; hotspotId: number; status: string | null; dueAt: string | null }[];
	/** With a track on a zone: the zone's streets walked (within 25 m of it) and not, to draw on the map. */
	patrolLines: { walked: MultiLineString; unwalked: MultiLineString } | null;
}

export const RANKING_PERIODS = ['week', 'month', 'quarter'] as const;
export type RankingPeriod = (typeof RANKING_PERIODS)[number];

export interface RankingRow {
	zoneId: number;
	name: string | null;
	parentId: number | null;
	/** Mean of the period's inspection scores; null: not inspected. */
	score: number | null;
	/** 1, 2, 2, 4 …; null: not inspected. */
	rank: number | null;
	inspections: number;
	/** score − the previous period's score; null when either is missing. */
	change: number | null;
	/** Hotspot cases found by the period's inspections. */
	findings: number;
	/** Closed share of those cases (结案率), percent; null when there were none. */
	closedPct: number | null;
	/** Closed by their deadline (按期结案率), percent; null when there were none. */
	closedOnTimePct: number | null;
}

/** `GET /api/rankings?period=&at=[&parent=]`: rank order, not inspected last. */
export interface RankingAnswer {
	period: RankingPeriod;
	/** ISO 8601 instants with the project zone's offset; `to` is exclusive. */
	from: string;
	to: string;
	timeZone: string;
	previous: { from: string; to: string };
	zones: RankingRow[];
	/** Top three (红榜) and bottom three (黑榜) of the ranked zones. */
	red: number[];
	black: number[];
}

export type DueState = 'ok' | 'due' | 'overdue';

/** `GET /api/inspections/due?at=[&mine=1]`. */
export interface DueAnswer {
	timeZone: string;
	zones: {
		zoneId: number;
		name: string | null;
		templateId: number;
		templateName: LocalText;
		cadence: InspectionCadence;
		lastInspectedAt: string | null;
		/** The end (exclusive instant) of the period in which the next inspection is due. */
		dueBy: string;
		state: DueState;
	}[];
}

/** `GET /api/shops/frontage?at=`: each shop's latest 门前三包 result and this quarter's fails. */
export interface FrontageAnswer {
	from: string;
	to: string;
	timeZone: string;
	shops: {
		shopId: number;
		name: string | null;
		signed: boolean;
		latest: { inspectionId: number; inspectedAt: string; scorePct: number | null; passed: boolean } | null;
		failsThisQuarter: number;
	}[];
	/** Signed shops that failed twice or more this quarter. */
	failedTwice: number[];
}

/** A vector survey as POST/GET /api/vector-surveys answer it: the raw counts and the computed indices. */
export interface VectorSurveyRecord {
	id: number;
	version: number;
	zoneId: number;
	kind: 'mosquito-larvae' | 'rodent-powder' | 'rodent-trap' | 'fly' | 'cockroach';
	/** A day of the project's time zone. */
	surveyedAt: string;
	householdsInspected?: number;
	householdsPositive?: number;
	containersInspected?: number;
	containersPositive?: number;
	patchesLaid?: number;
	patchesPositive?: number;
	trapsSet?: number;
	trapsCaught?: number;
	placesInspected?: number;
	placesPositive?: number;
	surveyor: string | null;
	/** Linked hotspot cases (breeding sites found), by id. */
	hotspotIds: string[];
	description: string | null;
	indices: { breteauIndex?: number | null; houseIndex?: number | null; containerIndex?: number | null; positiveRatePct?: number | null };
	/** The density control level the survey reaches (rules `vectorLevels`); null where no threshold is set. */
	level: 'A' | 'B' | 'C' | 'below-C' | null;
	/** The level is a floor: a better grade's threshold is not set, so the survey may reach it ("C or better"). */
	levelMayBeBetter: boolean;
	updatedAt: string;
	updatedBy: string;
}

/** A vector-control activity as POST/GET /api/vector-activities answer it. */
export interface VectorActivityRecord {
	id: number;
	version: number;
	zoneId: number;
	kind: 'bait' | 'spray' | 'refill' | 'clearance';
	activityAt: string;
	amountKg: number | null;
	areaM2: number | null;
	count: number | null;
	product: string | null;
	performedBy: string | null;
	description: string | null;
	updatedAt: string;
	updatedBy: string;
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
	/** When a resident's "not fixed" reopened the case, else null. */
	reopenedAt: string | null;
	/** Whether to ask "is it fixed?": verified and not yet answered (a case takes one answer). */
	canAnswer: boolean;
}

/** One zone's hotspot figures over a period, as GET /api/analysis/zones and `cli zones` print them. */
export interface ZoneHotspotFigure {
	id: number | string;
	name: string | null;
	count: number;
	perKm2: number | null;
	areaKm2: number | null;
	per1000Residents: number | null;
	open: number;
	overdue: number;
	resolvedOnTimePct: number | null;
	medianDaysToResolve: number | null;
}

/** The per-zone figures without what only the API adds: what `cli zones` prints. */
export interface PrintedZoneFigures {
	zones: ZoneHotspotFigure[];
	outside: number;
	excludedByDate: number;
	unlocated: number;
}

/** `GET /api/analysis/zones`. */
export interface ZoneFiguresAnswer extends PrintedZoneFigures {
	/** The zone the weeks and the query's dates were cut in. */
	timeZone: string;
	weeks?: { start: string; end: string }[];
	trend?: Record<string, number[]>;
}
